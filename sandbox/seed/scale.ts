/**
 * The scale option: `count` generated projects (6–14 artworks each, about 10 on average) with a
 * few history events each, on top of the stories. Written with prepared statements inside the
 * seed's single transaction; ids come from the store's seeded generator, so the same seed gives
 * the same data.
 */
import type { Store } from '../store.js';
import type { ArtworkState, ProjectState } from '../store/types.js';
import { Rng, stableUuid } from '../random.js';
import { DAY_MS, toDay } from '../time.js';
import { searchText } from '../store/projects.js';
import type { Base } from './base.js';

const BRANDS = ['Nordic Care', 'Skin Pure', 'Baby Soft', 'SunShield'];
const PRODUCTS = [
  'Body Lotion',
  'Shower Gel',
  'Hand Soap',
  'Face Cream',
  'Shampoo',
  'Conditioner',
  'Deodorant',
  'Lip Balm',
  'Sun Spray',
  'Wet Wipes',
  'Foot Cream',
  'Toothpaste',
];
const VARIANTS = [
  'Refill',
  'Travel Size',
  'Family Pack',
  'Limited Edition',
  'Relaunch',
  'Market Extension',
  'Line Extension',
  'Regulatory Update',
];
const FORMATS = ['carton', 'label', 'leaflet', 'sleeve', 'tube', 'flow wrap', 'display', 'multipack'];
const FIRST = ['Alva', 'Nils', 'Elin', 'Hugo', 'Saga', 'Leo', 'Tilda', 'Axel', 'Ebba', 'Viktor', 'Linnea', 'Emil'];
const LAST = ['Lund', 'Strand', 'Falk', 'Holmberg', 'Sjöberg', 'Wikström', 'Björk', 'Nordin', 'Eklund', 'Hedlund'];

const PROJECT_STATES: Array<[ProjectState, number]> = [
  ['IN_PROGRESS', 0.55],
  ['STAND_BY', 0.05],
  ['DELIVERED', 0.2],
  ['CLOSED', 0.2],
];

const ARTWORK_STATES: Record<string, Array<[ArtworkState, number]>> = {
  open: [
    ['UNSTARTED', 0.15],
    ['FOR_REVIEW', 0.25],
    ['COMMENTED', 0.15],
    ['REJECTED', 0.1],
    ['APPROVED', 0.2],
    ['BUNDLED', 0.05],
    ['DELIVERED', 0.1],
  ],
  standBy: [
    ['UNSTARTED', 0.6],
    ['FOR_REVIEW', 0.3],
    ['CANCELED', 0.1],
  ],
  done: [
    ['DELIVERED', 0.85],
    ['SHIPPED', 0.05],
    ['CANCELED', 0.1],
  ],
};

function weighted<T>(rng: Rng, options: Array<[T, number]>): T {
  let r = rng.next();
  for (const [value, weight] of options) {
    r -= weight;
    if (r < 0) return value;
  }
  return options[options.length - 1][0];
}

const APPROVED_STATES = new Set<ArtworkState>(['APPROVED', 'BUNDLED', 'SHIPPED', 'DELIVERED']);

export function seedScale(store: Store, seed: number, now: number, base: Base, count: number): void {
  const rng = new Rng(seed * 7919 + 17);
  const extra = extraUsers(store, seed, now, rng, Math.min(60, Math.max(8, Math.ceil(count / 200))));
  const orderers = [base.user('erik'), ...extra.orderer];
  const managers = [base.user('anna'), base.user('johan')];
  const approvers = [base.user('maria'), base.user('lars'), ...extra.approver];
  const suppliers = [base.user('sofia'), ...extra.supplier];
  const categories = store.setup.categories(false).map((c) => c.id);

  for (let i = 0; i < count; i++) {
    const projectId = store.newId();
    const state = weighted(rng, PROJECT_STATES);
    const createdAt = now - (rng.int(2, 364) + rng.next()) * DAY_MS;
    const duration = rng.int(30, 120) * DAY_MS;
    const finished = state === 'DELIVERED' || state === 'CLOSED';
    const closedAt = finished ? Math.min(createdAt + duration, now - DAY_MS / 2) : null;
    // Open projects: most were active in the last ten days, some stalled a while ago.
    const lastTouch = rng.chance(0.15) ? createdAt + (now - createdAt) / 3 : now - rng.next() * 10 * DAY_MS;
    const activeUntil = closedAt ?? Math.min(now, Math.max(createdAt + DAY_MS, lastTouch));
    const name = `${rng.pick(BRANDS)} ${rng.pick(PRODUCTS)} ${rng.pick(VARIANTS)} #${String(i + 1).padStart(5, '0')}`;
    const description = `Generated project ${i + 1} of the scale seed.`;
    const managerId = rng.chance(0.9) ? rng.pick(managers) : null;
    store.insert('projects', {
      id: projectId,
      name,
      description,
      notes: null,
      orderNo: `PO-G${String(i + 1).padStart(6, '0')}`,
      state,
      ordererId: rng.pick(orderers),
      managerId,
      createdAt,
      startDate: toDay(createdAt),
      endDate: toDay(createdAt + duration),
      closedAt,
      search: searchText(name, description),
    });
    const event = (at: number, kind: string, label: string, text: string, artworkId?: string) => {
      const row = { kind, name: label, description: text, timestamp: Math.round(at) };
      store.insert('projectEvents', { id: store.newId(), projectId, ...row });
      if (artworkId) store.insert('artworkEvents', { id: store.newId(), artworkId, projectId, ...row });
    };
    event(createdAt, 'project.created', 'Project created', `The project "${name}" was created`);

    const artworkCount = rng.int(6, 14);
    const pool = finished ? 'done' : state === 'STAND_BY' ? 'standBy' : 'open';
    const eventful: Array<{ id: string; name: string }> = [];
    for (let j = 0; j < artworkCount; j++) {
      const artworkId = store.newId();
      const artworkState = weighted(rng, ARTWORK_STATES[pool]);
      const artworkName = `${name.split(' #')[0]} ${rng.pick(FORMATS)} ${j + 1}`;
      const addedAt = createdAt + rng.next() * DAY_MS;
      const approvedAt = APPROVED_STATES.has(artworkState) ? addedAt + rng.next() * (activeUntil - addedAt) : null;
      store.insert('artworks', {
        id: artworkId,
        projectId,
        name: artworkName,
        description: '',
        categoryId: rng.pick(categories),
        state: artworkState,
        createdAt: addedAt,
        endDate: toDay(createdAt + duration),
        approvalDate: approvedAt,
        deliveryDate: artworkState === 'DELIVERED' ? (approvedAt! + activeUntil) / 2 : null,
        latestActivity: addedAt,
        position: j,
      });
      const approverId = rng.pick(approvers);
      store.insert('artworkUsers', {
        artworkId,
        projectId,
        userId: approverId,
        isApprover: 1,
        approved: approvedAt !== null,
        rejected: artworkState === 'REJECTED',
        seq: 0,
      });
      store.insert('artworkUsers', { artworkId, projectId, userId: rng.pick(suppliers), isSupplier: 1, seq: 1 });
      if (artworkState !== 'UNSTARTED' && artworkState !== 'CANCELED') {
        store.insert('revisions', {
          id: store.newId(),
          artworkId,
          revisionNo: 1,
          name: 'Revision 1',
          fileId: null,
          createdBy: null,
          createdAt: addedAt + DAY_MS,
        });
        if (eventful.length < 3) eventful.push({ id: artworkId, name: artworkName });
      }
    }
    eventful.forEach((a, k) => {
      const at = createdAt + ((k + 1) / eventful.length) * (activeUntil - createdAt);
      event(at, 'revision.uploaded', 'New revision uploaded', `A revision of "${a.name}" was uploaded`, a.id);
    });
    if (closedAt)
      event(
        closedAt,
        state === 'CLOSED' ? 'project.closed' : 'project.delivered',
        state === 'CLOSED' ? 'Project closed' : 'Project delivered',
        `"${name}" was ${state.toLowerCase()}`,
      );
  }
}

function extraUsers(store: Store, seed: number, now: number, rng: Rng, n: number) {
  const groups = Object.fromEntries(store.users.groups().map((g) => [g.roleId, g.id]));
  const byRole: Record<'orderer' | 'approver' | 'supplier', string[]> = { orderer: [], approver: [], supplier: [] };
  const roles = ['orderer', 'approver', 'supplier'] as const;
  for (let i = 0; i < n; i++) {
    const role = roles[i % roles.length];
    const [first, last] = [rng.pick(FIRST), rng.pick(LAST)];
    const username = `${first}.${last}.${i + 1}@scale.example`.toLowerCase();
    const id = stableUuid(seed, `scale-user:${i}`);
    store.insert('users', {
      id,
      username,
      email: username,
      firstName: first,
      lastName: last,
      permissionGroupId: groups[role === 'orderer' ? 3 : 4],
      role,
      createdAt: now - 300 * DAY_MS,
      companyName: 'Nordic Care AB',
    });
    byRole[role].push(id);
  }
  store.users.invalidate();
  return byRole;
}
