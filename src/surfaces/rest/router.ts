/**
 * Request routing for the REST surface: finds the operation for a method and path, or says which
 * methods the path does take (405), or that no route has this path (404). Built once from the route
 * table; operations are tried in its order, so static segments win over parameters.
 */
import { shapeOf, type PathMatcher, type RestOperation } from './routes.js';

export type RouteMatch =
  | { kind: 'operation'; op: RestOperation; params: Record<string, string> }
  | { kind: 'wrong_method'; allow: string }
  | { kind: 'none' };

export type Router = (method: string, pathname: string) => RouteMatch;

export function createRouter(ops: readonly RestOperation[]): Router {
  // One entry per path shape, with every method it takes (HEAD wherever GET is), for 405's Allow.
  const shapes = new Map<string, { match: PathMatcher; methods: Set<string> }>();
  for (const op of ops) {
    const shape = shapeOf(op.path);
    const entry = shapes.get(shape) ?? { match: op.match, methods: new Set<string>() };
    entry.methods.add(op.method);
    if (op.method === 'GET') entry.methods.add('HEAD');
    shapes.set(shape, entry);
  }
  const allowed = [...shapes.values()].map(({ match, methods }) => ({ match, allow: [...methods].join(', ') }));

  return (method, pathname) => {
    const segments = pathname.split('/');
    const wanted = method === 'HEAD' ? 'GET' : method;
    for (const op of ops) {
      if (op.method !== wanted) continue;
      const params = op.match(segments);
      if (params) return { kind: 'operation', op, params };
    }
    for (const { match, allow } of allowed) {
      if (match(segments)) return { kind: 'wrong_method', allow };
    }
    return { kind: 'none' };
  };
}
