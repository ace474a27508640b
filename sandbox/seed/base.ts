/**
 * The seeded organisation "Nordic Care AB": permission groups, eight users (username = e-mail)
 * with deterministic bearer tokens, two teams (one per approval mode), artwork categories,
 * brands and print specifications.
 */
import type { Store } from '../store.js';
import { PERMISSION_GROUPS, ROLE_GROUP } from '../permissions.js';
import { stableToken, stableUuid } from '../random.js';
import { DAY_MS } from '../time.js';
import { DEFAULT_PRINT_SPEC } from '../resolvers/setup.js';

export const SEEDED_USERS = [
  {
    key: 'ingrid',
    first: 'Ingrid',
    last: 'Holm',
    role: 'admin',
    domain: 'nordiccare.example',
    job: 'Head of Packaging',
    dept: 'Operations',
    company: 'Nordic Care AB',
  },
  {
    key: 'anna',
    first: 'Anna',
    last: 'Berg',
    role: 'project_manager',
    domain: 'nordiccare.example',
    job: 'Packaging Project Manager',
    dept: 'Marketing',
    company: 'Nordic Care AB',
  },
  {
    key: 'johan',
    first: 'Johan',
    last: 'Lind',
    role: 'project_manager',
    domain: 'nordiccare.example',
    job: 'Project Manager',
    dept: 'Marketing',
    company: 'Nordic Care AB',
  },
  {
    key: 'erik',
    first: 'Erik',
    last: 'Sand',
    role: 'orderer',
    domain: 'nordiccare.example',
    job: 'Brand Manager',
    dept: 'Marketing',
    company: 'Nordic Care AB',
  },
  {
    key: 'maria',
    first: 'Maria',
    last: 'Ek',
    role: 'approver',
    domain: 'nordiccare.example',
    job: 'Regulatory Specialist',
    dept: 'Quality & Regulatory',
    company: 'Nordic Care AB',
  },
  {
    key: 'lars',
    first: 'Lars',
    last: 'Nyberg',
    role: 'approver',
    domain: 'nordiccare.example',
    job: 'Brand Director',
    dept: 'Marketing',
    company: 'Nordic Care AB',
  },
  {
    key: 'sofia',
    first: 'Sofia',
    last: 'Dahl',
    role: 'supplier',
    domain: 'studiodahl.example',
    job: 'Senior Designer',
    dept: 'Design',
    company: 'Studio Dahl',
  },
  {
    key: 'oskar',
    first: 'Oskar',
    last: 'Viklund',
    role: 'receiver',
    domain: 'printworks.example',
    job: 'Prepress Operator',
    dept: 'Prepress',
    company: 'Printworks AB',
  },
] as const;

export type UserKey = (typeof SEEDED_USERS)[number]['key'];

export const CATEGORIES = [
  { key: 'carton', name: 'Folding carton', description: 'Folding boxes and cartons', isDefault: 1, archived: 0 },
  { key: 'label', name: 'Label', description: 'Self-adhesive and wrap-around labels', isDefault: 0, archived: 0 },
  { key: 'leaflet', name: 'Leaflet', description: 'Package inserts and leaflets', isDefault: 0, archived: 0 },
  { key: 'sleeve', name: 'Shrink sleeve', description: 'Full-body shrink sleeves', isDefault: 0, archived: 0 },
  {
    key: 'display',
    name: 'Display stand (retired)',
    description: 'Point-of-sale displays, no longer produced',
    isDefault: 0,
    archived: 1,
  },
] as const;

export type CategoryKey = (typeof CATEGORIES)[number]['key'];

export const TEAMS = [
  {
    key: 'regulatory',
    name: 'Regulatory Affairs',
    description: 'Legal and regulatory sign-off; every member must approve',
    mode: 'ALL_REQUIRED',
    members: [
      ['maria', 1],
      ['ingrid', 0],
    ],
  },
  {
    key: 'brand',
    name: 'Brand Council',
    description: 'Brand sign-off; one member is enough',
    mode: 'ANY_MEMBER',
    members: [
      ['lars', 1],
      ['erik', 0],
      ['anna', 0],
    ],
  },
] as const;

export type TeamKey = (typeof TEAMS)[number]['key'];

const BRANDS = ['Nordic Care', 'Skin Pure', 'Baby Soft', 'SunShield'];

export interface Base {
  user(key: UserKey): string;
  team(key: TeamKey): string;
  category(key: CategoryKey): string;
  /** Seeded users with their tokens, for `Sandbox.users`. */
  users: Array<{ id: string; username: string; role: string; token: string; name: string }>;
}

export function seedBase(store: Store, seed: number, now: number): Base {
  const id = (key: string) => stableUuid(seed, key);
  store.insert('organisation', {
    id: id('organisation'),
    name: 'Nordic Care AB',
    description: 'Personal-care brands from the Nordics',
    active: 1,
  });
  for (const g of PERMISSION_GROUPS) {
    store.insert('permissionGroups', {
      id: id(`group:${g.roleId}`),
      roleId: g.roleId,
      name: g.name,
      permissions: JSON.stringify(g.permissions),
    });
  }
  const users = SEEDED_USERS.map((u, i) => {
    const username = `${u.first}.${u.last}@${u.domain}`.toLowerCase();
    const row = {
      id: id(`user:${u.key}`),
      username,
      email: username,
      firstName: u.first,
      lastName: u.last,
      permissionGroupId: id(`group:${ROLE_GROUP[u.role]}`),
      role: u.role,
      token: stableToken(seed, u.role, username),
      createdAt: now - (400 - i * 10) * DAY_MS,
      addedAt: now - (400 - i * 10) * DAY_MS,
      addedBy: i === 0 ? null : id('user:ingrid'),
      lastLogin: now - (i + 1) * 3_600_000,
      companyName: u.company,
      jobTitle: u.job,
      department: u.dept,
    };
    store.insert('users', row);
    return { id: row.id, username, role: u.role, token: row.token, name: `${u.first} ${u.last}` };
  });
  for (const t of TEAMS) {
    store.insert('teams', { id: id(`team:${t.key}`), name: t.name, description: t.description, approvalMode: t.mode });
    for (const [member, admin] of t.members)
      store.insert('teamMembers', { teamId: id(`team:${t.key}`), userId: id(`user:${member}`), admin });
  }
  CATEGORIES.forEach((c, position) => {
    store.insert('categories', {
      id: id(`category:${c.key}`),
      name: c.name,
      description: c.description,
      archived: c.archived,
      isDefault: c.isDefault,
      position,
    });
  });
  for (const name of BRANDS) store.insert('brands', { id: id(`brand:${name}`), name });
  seedPrintSpecs(store, id, now);
  store.users.invalidate();
  return {
    user: (key) => id(`user:${key}`),
    team: (key) => id(`team:${key}`),
    category: (key) => id(`category:${key}`),
    users,
  };
}

function seedPrintSpecs(store: Store, id: (key: string) => string, now: number): void {
  const d = DEFAULT_PRINT_SPEC;
  const specs = [
    {
      key: 'carton',
      name: 'Folding carton 350 g GC1, offset',
      packaging: { packagingItem: 'Folding carton', substrate: 'GC1 350 g', substrateColor: 'White' },
      print: {
        ...d.print,
        printingTechnique: 'Offset',
        availableInks: 'CMYK + 2 Pantone',
        totalVarnish: true,
        embossing: true,
      },
      decor: { ...d.decor, barCodeSize: 90, otherPackItemToMatch: 'Matching tube label' },
      special: {
        printAndSubstrate: 'Matt varnish on all outer panels',
        other: 'Braille on the top flap',
        deliverables: 'PDF/X-4 and open files',
      },
      days: 300,
    },
    {
      key: 'label',
      name: 'Self-adhesive PE label, flexo',
      packaging: { packagingItem: 'Bottle label', substrate: 'White PE 85 µm', substrateColor: 'White' },
      print: {
        ...d.print,
        printingTechnique: 'Flexo',
        availableInks: 'CMYK + white',
        partialWhite: true,
        screenResolution: 133,
        bleed: 2,
      },
      decor: { ...d.decor, barCodeSize: 80, barCodeDirection: 'Vertical' },
      special: { printAndSubstrate: 'White underprint under all colours', other: '', deliverables: 'PDF/X-4' },
      days: 120,
    },
  ];
  for (const s of specs) {
    store.insert('printSpecs', {
      id: id(`printspec:${s.key}`),
      name: s.name,
      packaging: JSON.stringify(s.packaging),
      print: JSON.stringify(s.print),
      decor: JSON.stringify(s.decor),
      specialInstructions: JSON.stringify(s.special),
      createdAt: now - s.days * DAY_MS,
      createdBy: id('user:anna'),
    });
  }
}
