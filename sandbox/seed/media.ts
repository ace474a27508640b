/**
 * Seeded media center (nested folders, file items, media-center artworks linked to delivered
 * project artworks, comments) and shares (read, unread, expired).
 */
import type { Store } from '../store.js';
import { stableUuid } from '../random.js';
import { DAY_MS } from '../time.js';
import type { Base, CategoryKey, UserKey } from './base.js';
import type { StoryBuilder } from './builder.js';

interface FileSpec {
  name: string;
  folder: string;
  size: number;
  type: string;
  days: number;
  obsolete?: boolean;
}

const FOLDERS: Array<[key: string, parent: string | null, name: string, shared?: boolean]> = [
  ['nordic', null, 'Nordic Care'],
  ['skinpure', 'nordic', 'Skin Pure'],
  ['relaunch', 'skinpure', 'Relaunch'],
  ['babysoft', 'nordic', 'Baby Soft'],
  ['haircare', 'nordic', 'Hair Care'],
  ['archive', null, 'Archive'],
  ['past', 'archive', 'Past campaigns'],
  ['agencies', null, 'Shared with agencies', true],
];

const FILES: FileSpec[] = [
  { name: 'Skin Pure brand guidelines.pdf', folder: 'skinpure', size: 8_400_000, type: 'application/pdf', days: 90 },
  { name: 'Skin Pure logo.ai', folder: 'skinpure', size: 2_100_000, type: 'application/postscript', days: 300 },
  { name: 'Relaunch moodboard.jpg', folder: 'relaunch', size: 4_600_000, type: 'image/jpeg', days: 72 },
  { name: 'Day Cream carton dieline.pdf', folder: 'relaunch', size: 640_000, type: 'application/pdf', days: 69 },
  { name: 'Baby Soft packshot.png', folder: 'babysoft', size: 5_300_000, type: 'image/png', days: 30 },
  {
    name: 'Baby Soft logo (old).ai',
    folder: 'babysoft',
    size: 1_900_000,
    type: 'application/postscript',
    days: 340,
    obsolete: true,
  },
  { name: 'Christmas campaign.pdf', folder: 'past', size: 12_000_000, type: 'application/pdf', days: 320 },
  {
    name: 'Agency briefing template.docx',
    folder: 'agencies',
    size: 85_000,
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    days: 200,
  },
];

/** Media-center artworks: [key, name, category, folder, linked project artwork (project key, index), days ago, draft]. */
const MC_ARTWORKS: Array<[string, string, CategoryKey, string, [string, number] | null, number, boolean]> = [
  ['shampoo-front', 'Shampoo 250 ml front label', 'label', 'haircare', ['shampoo', 0], 134, false],
  ['shampoo-back', 'Shampoo 250 ml back label', 'label', 'haircare', ['shampoo', 1], 94, false],
  ['giftbox', 'Gift box outer carton', 'carton', 'past', ['giftbox', 0], 289, false],
  ['wipes-master', 'Baby Soft wipes label (master)', 'label', 'babysoft', null, 20, true],
];

const MC_COMMENTS: Array<[mc: string, by: UserKey, days: number, text: string, invalidatedBy?: UserKey]> = [
  ['shampoo-front', 'lars', 120, 'Use this version as the master for the 500 ml bottle.'],
  ['shampoo-front', 'maria', 118, 'The ingredient list changed in March; check before reuse.', 'lars'],
  ['wipes-master', 'anna', 15, 'Draft only: the recycling symbol is being replaced.'],
];

export function seedMedia(store: Store, seed: number, now: number, base: Base, stories: StoryBuilder): void {
  const id = (key: string) => stableUuid(seed, key);
  const at = (days: number) => now - days * DAY_MS;
  FOLDERS.forEach(([key, parent, name, shared], position) => {
    store.insert('folders', {
      id: id(`folder:${key}`),
      parentId: parent ? id(`folder:${parent}`) : null,
      name,
      shared: shared ?? false,
      position,
    });
  });
  const fileIds = FILES.map((f, i) => {
    const fileId = id(`mcfile:${i}`);
    store.insert('files', {
      id: fileId,
      name: f.name,
      size: f.size,
      contentType: f.type,
      renderStatus: 'DONE',
      noPages: 1,
      created: at(f.days),
    });
    store.insert('folderItems', {
      id: id(`item:file:${i}`),
      folderId: id(`folder:${f.folder}`),
      kind: 'FILE',
      name: f.name,
      obsolete: f.obsolete ?? false,
      fileId,
      created: at(f.days),
    });
    return fileId;
  });
  const mcIds = MC_ARTWORKS.map(([key, name, category, folder, link, days, draft]) => {
    const mcId = id(`mc:${key}`);
    const artworkId = link ? stories.artworkId(link[0], link[1]) : null;
    const previewFileId = artworkId ? store.artworks.currentRevision(artworkId)!.fileId! : id(`mcpreview:${key}`);
    if (!artworkId) {
      store.insert('files', {
        id: previewFileId,
        name: `${name}.pdf`,
        size: 1_400_000,
        contentType: 'application/pdf',
        renderStatus: 'DONE',
        noPages: 1,
        created: at(days),
      });
    }
    store.insert('mcArtworks', {
      id: mcId,
      name,
      previewFileId,
      categoryId: base.category(category),
      draft,
      projectArtworkId: artworkId,
      created: at(days),
      modified: at(days),
    });
    store.insert('folderItems', {
      id: id(`item:mc:${key}`),
      folderId: id(`folder:${folder}`),
      kind: 'ARTWORK',
      name,
      mcArtworkId: mcId,
      created: at(days),
    });
    return mcId;
  });
  const numbers = new Map<string, number>();
  MC_COMMENTS.forEach(([mc, by, days, text, invalidatedBy], i) => {
    const number = (numbers.get(mc) ?? 0) + 1;
    numbers.set(mc, number);
    const markers = [{ type: 'RECTANGLE', x: 40, y: 60, xEnd: 220, yEnd: 140, pageNo: 0 }];
    store.insert('mcComments', {
      id: id(`mccomment:${i}`),
      mcArtworkId: id(`mc:${mc}`),
      number,
      text,
      markers: JSON.stringify(markers),
      commentedBy: base.user(by),
      createdAt: at(days),
      valid: !invalidatedBy,
      invalidatedBy: invalidatedBy ? base.user(invalidatedBy) : null,
    });
    store.update('mcArtworks', { id: id(`mc:${mc}`) }, { modified: at(days) });
  });
  seedShares(store, id, at, fileIds, mcIds, stories);
}

function seedShares(
  store: Store,
  id: (k: string) => string,
  at: (days: number) => number,
  fileIds: string[],
  mcIds: string[],
  stories: StoryBuilder,
): void {
  const email = (u: string) => store.users.byId(id(`user:${u}`))!.username;
  const size = (ids: string[]) => ids.reduce((sum, f) => sum + (store.media.file(f)?.size ?? 0), 0);
  const shares = [
    {
      key: 'shampoo',
      name: 'Shampoo labels – print files',
      from: 'anna',
      to: 'oskar',
      days: 90,
      validDays: 30,
      read: true,
      items: [
        { mediaType: 'MC_ARTWORK', id: mcIds[0] },
        { mediaType: 'MC_ARTWORK', id: mcIds[1] },
      ],
    },
    {
      key: 'guidelines',
      name: 'Skin Pure brand guidelines',
      from: 'anna',
      to: 'sofia',
      days: 10,
      validDays: 30,
      read: false,
      items: [
        { mediaType: 'FILE', id: fileIds[0] },
        { mediaType: 'FILE', id: fileIds[1] },
      ],
    },
    {
      key: 'giftbox',
      name: 'Christmas gift box – final files',
      from: 'johan',
      to: 'oskar',
      days: 200,
      validDays: 30,
      read: false,
      items: [{ mediaType: 'PROJECT_ARTWORK', id: stories.artworkId('giftbox', 0) }],
    },
    {
      key: 'packshots',
      name: 'Baby Soft packshots',
      from: 'ingrid',
      to: 'erik',
      days: 3,
      validDays: 30,
      read: false,
      items: [{ mediaType: 'FILE', id: fileIds[4] }],
    },
  ];
  for (const s of shares) {
    const files = s.items.map((i) =>
      i.mediaType === 'FILE'
        ? i.id
        : i.mediaType === 'MC_ARTWORK'
          ? store.media.mcArtwork(i.id)!.previewFileId
          : store.artworks.currentRevision(i.id)!.fileId!,
    );
    store.insert('shares', {
      id: id(`share:${s.key}`),
      name: s.name,
      message: `Hi! Here are the files for "${s.name}".`,
      size: size(files),
      created: at(s.days),
      validToDate: at(s.days - s.validDays),
      sharedTo: email(s.to),
      sharedFrom: email(s.from),
      read: s.read,
      items: JSON.stringify(s.items),
    });
  }
}
