/** The snapshot type with the domain's object types (the schema keeps objects open). */
import type { ClusterObject, FluxEvent } from '../kube/types.js';
import type { ConnectionState, KindState } from './schemas.js';

export interface Snapshot {
  seq: number;
  objects: ClusterObject[];
  events: FluxEvent[];
  kinds: KindState[];
  connection: ConnectionState;
}
