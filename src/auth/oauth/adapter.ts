/**
 * oidc-provider's storage adapter over our store (`src/store/types.ts`). The library calls
 * `new Adapter(modelName)` once per model. Single use is the store's decision: when two requests
 * race to consume one authorization code or refresh token, the store lets exactly one win, and the
 * loser is refused here with the library's own `invalid_grant` error.
 */
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { OAuthModelStore, OAuthPayload } from '../../store/types.js';

export function adapterFor(store: OAuthModelStore, clock: () => number = Date.now) {
  return class StoreAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const expiresAt = expiresIn ? clock() + expiresIn * 1000 : null;
      await store.upsert(this.model, id, payload as OAuthPayload, expiresAt);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return (await store.find(this.model, id, clock())) as AdapterPayload | undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return (await store.findByUserCode(this.model, userCode, clock())) as AdapterPayload | undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await store.findByUid(this.model, uid, clock())) as AdapterPayload | undefined;
    }

    async consume(id: string): Promise<void> {
      if (!(await store.consume(this.model, id, clock()))) {
        throw new errors.InvalidGrant(`${this.model === 'RefreshToken' ? 'refresh token' : 'grant'} already used`);
      }
    }

    async destroy(id: string): Promise<void> {
      await store.destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await store.revokeByGrantId(this.model, grantId);
    }
  };
}
