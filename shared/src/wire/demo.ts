/** POST /api/v1/demo/restart: the demo cluster replays its scenario from the start. */
import { type Static, Type } from '@sinclair/typebox';

export const DemoRestartResponseSchema = Type.Object({ restarted: Type.Boolean(), scenario: Type.String() });

export type DemoRestartResponse = Static<typeof DemoRestartResponseSchema>;
