/**
 * Kubernetes object names, validated per position as the API server validates them, so a path segment
 * such as `.`, `..` or `a%2Fb` never reaches a request to the API server (where `..` would climb a
 * level: `/namespaces/x/kustomizations/..` is the namespace's list).
 *
 * - Namespaces: DNS-1123 labels (apimachinery's ValidateNamespaceName).
 * - Custom resources (every Flux kind) and most built-in kinds: DNS-1123 subdomains (NameIsDNSSubdomain).
 * - Some built-in kinds accept any "path segment name" (RBAC roles such as `system:controller:x`):
 *   anything but `.`, `..` and names containing `/` or `%` (path.IsValidPathSegmentName).
 */

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = new RegExp(`^${LABEL}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);

export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && DNS1123_LABEL.test(name);
}

export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

export function isPathSegmentName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/%]/.test(name);
}

/** Built-in groups whose kinds are validated only as path segment names. */
const PATH_SEGMENT_GROUPS = new Set(['rbac.authorization.k8s.io']);

/** Why `name` cannot name an object of this kind, or undefined when it can. */
export function objectNameProblem(group: string, name: string): string | undefined {
  if (PATH_SEGMENT_GROUPS.has(group))
    return isPathSegmentName(name)
      ? undefined
      : `"${name}" is not a valid object name (no ".", "..", "/" or "%")`;
  return isDns1123Subdomain(name)
    ? undefined
    : `"${name}" is not a valid object name (a DNS-1123 subdomain: lower case letters, digits, "-" and ".", at most 253)`;
}

export function namespaceNameProblem(namespace: string): string | undefined {
  return isDns1123Label(namespace)
    ? undefined
    : `"${namespace}" is not a valid namespace name (a DNS-1123 label: lower case letters, digits and "-", at most 63)`;
}
