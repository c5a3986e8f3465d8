/** Who the request is from: the signed-in user, their groups, and (with --impersonate) what they may see. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MeSchema } from '@fluxscope/shared/wire';
import { inline } from '../schemas/common.js';

const me: FastifyPluginAsyncTypebox = async fastify => {
  fastify.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, their groups, and what they may see with --impersonate',
        response: { 200: inline(MeSchema) },
      },
    },
    async request => {
      const access = fastify.users.access(request);
      const principal = request.principal ?? { user: 'local', groups: [], via: 'local' as const };
      return {
        user: principal.user,
        groups: principal.groups,
        via: principal.via,
        canSignOut: principal.via === 'cookie' || principal.via === 'oidc',
        impersonated: fastify.config.impersonate && principal.via !== 'local',
        ...(access ? { access } : {}),
      };
    },
  );
};

export default me;
