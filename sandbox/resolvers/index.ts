/**
 * All resolvers of the sandbox. Root fields live in per-domain files (projects, artworks,
 * approvals, users, media, shares, setup, stats), each next to the domain logic it drives;
 * computed fields of object types live in projectTypes.ts and commonTypes.ts.
 *
 * `rootResolvers()` adds, for any Query/Mutation field of the contract without an
 * implementation, a resolver answering NOT_IMPLEMENTED_IN_SANDBOX, and runs each mutation in one
 * SQLite transaction (a failing batch changes nothing).
 */
import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { sandboxError } from '../errors.js';
import { scalars } from '../scalars.js';
import type { Ctx } from './context.js';
import { projectMutations, projectQueries } from './projects.js';
import { artworkMutations, artworkQueries } from './artworks.js';
import { approvalMutations } from './approvals.js';
import { userMutations, userQueries } from './users.js';
import { mediaMutations, mediaQueries } from './media.js';
import { mediaWriteMutations } from './media-writes.js';
import { editingMutations } from './editing.js';
import { teamMutations } from './teams.js';
import { shareMutations, shareQueries } from './shares.js';
import { setupMutations, setupQueries } from './setup.js';
import { Statistics, statsQueries } from './stats.js';
import * as projectTypes from './projectTypes.js';
import * as commonTypes from './commonTypes.js';
import { markerUnions } from './markers.js';
import { aiQueries, aiSubscription } from './ai.js';
import { Article, articleQueries } from './articles.js';

type Resolver = (parent: unknown, args: never, ctx: Ctx) => unknown;

/** The implemented root fields, by root type. */
export const implemented: { Query: Record<string, Resolver>; Mutation: Record<string, Resolver> } = {
  Query: {
    ...projectQueries,
    ...artworkQueries,
    ...userQueries,
    ...mediaQueries,
    ...shareQueries,
    ...setupQueries,
    ...statsQueries,
    ...aiQueries,
    ...articleQueries,
  },
  Mutation: {
    ...projectMutations,
    ...artworkMutations,
    ...approvalMutations,
    ...userMutations,
    ...mediaMutations,
    ...mediaWriteMutations,
    ...editingMutations,
    ...teamMutations,
    ...shareMutations,
    ...setupMutations,
  },
};

function notImplemented(root: string, field: string): Resolver {
  return () => {
    throw sandboxError('NOT_IMPLEMENTED_IN_SANDBOX', `${root}.${field} is not implemented in the sandbox`);
  };
}

function inTransaction(resolve: Resolver): Resolver {
  return (parent, args, ctx) => {
    try {
      return ctx.store.tx(() => resolve(parent, args, ctx));
    } finally {
      ctx.memo.clear();
    }
  };
}

/** Query and Mutation resolvers covering every root field of `contract`. */
function rootResolvers(contract: GraphQLSchema) {
  const out: Record<'Query' | 'Mutation', Record<string, Resolver>> = { Query: {}, Mutation: {} };
  for (const root of ['Query', 'Mutation'] as const) {
    const type = contract.getType(root);
    if (!(type instanceof GraphQLObjectType)) continue;
    for (const field of Object.keys(type.getFields())) {
      const impl = implemented[root][field];
      out[root][field] = !impl ? notImplemented(root, field) : root === 'Mutation' ? inTransaction(impl) : impl;
    }
  }
  return out;
}

export function sandboxResolvers(contract: GraphQLSchema) {
  return {
    ...scalars,
    ...rootResolvers(contract),
    ...projectTypes,
    ...commonTypes,
    ...markerUnions,
    Statistics,
    Subscription: aiSubscription,
    Article,
  };
}
