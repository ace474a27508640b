/**
 * Reference files of the story projects (`Project.files`): the oral-care project carries the
 * labelling guideline its artworks are checked against.
 */
import type { Store } from '../store.js';
import { stableUuid } from '../random.js';

const DAY = 86_400_000;

export function seedProjectFiles(store: Store, seed: number, now: number): void {
  const project = store.get<{ id: string; createdAt: number }>('SELECT id, createdAt FROM projects WHERE name = ?', [
    'Oral Care Regulatory Update',
  ]);
  if (!project) return;
  const fileId = stableUuid(seed, 'file:project:oralcare:guideline');
  const at = Math.min(now, project.createdAt + DAY);
  store.insert('files', {
    id: fileId,
    name: 'EU fluoride labelling guideline.pdf',
    size: 412_160,
    contentType: 'application/pdf',
    renderStatus: 'DONE',
    noPages: 6,
    created: at,
  });
  store.insert('projectFiles', { projectId: project.id, fileId, addedAt: at });
}
