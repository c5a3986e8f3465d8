/** The revisions the workshop's sources are at. */
import { hex, sha1Revision } from './ids.js';

export const ECR = '012345678901.dkr.ecr.us-west-2.amazonaws.com';
export const GITOPS_URL = 'https://github.com/aws-samples/eks-saas-gitops.git';
export const MAIN_REVISION = sha1Revision('main', 'eks-saas-gitops/main');
export const TERRAFORM_REVISION = sha1Revision('v0.0.1', 'eks-saas-gitops/v0.0.1');
export const CAPACITOR_REVISION = `v0.4.8@sha256:${hex('capacitor-manifests/v0.4.8', 64)}`;

/** A later commit on main: what the demo "pushes" during periodic reconciliations. */
export const nextMainRevision = (n: number): string => sha1Revision('main', `eks-saas-gitops/main/${n}`);
