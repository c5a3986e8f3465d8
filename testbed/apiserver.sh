# The test bed's kube-apiserver: its paths, how it starts and when it is ready. Sourced by up.sh (which
# starts it with the rest) and testbed.sh (restart-apiserver, for the fault tests). Sourced, not run.
# shellcheck shell=bash
KUBECONFIG_PATH=$TB_WORK/kubeconfig
PKI=$TB_WORK/pki
DATA=$TB_WORK/data
API=https://$TB_HOST:$TB_APISERVER_PORT

api_ready() { curl -sf --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$API/readyz"; }

start_apiserver() {
  tb_start kube-apiserver "$TB_BIN/kube-apiserver" --etcd-servers="http://$TB_HOST:$TB_ETCD_PORT" \
    --bind-address=$TB_HOST --advertise-address=$TB_HOST --secure-port="$TB_APISERVER_PORT" \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" --client-ca-file="$PKI/ca.crt" \
    --authorization-mode=Node,RBAC --allow-privileged=true --service-cluster-ip-range=10.96.0.0/16 \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --cert-dir="$DATA/apiserver" --profiling=false --endpoint-reconciler-type=none \
    --kubelet-preferred-address-types=InternalIP
  TB_WAIT_PROC=kube-apiserver tb_wait_for kube-apiserver 90 api_ready
}
