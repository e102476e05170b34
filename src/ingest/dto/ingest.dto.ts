import { z } from 'zod';
import { filterInstant, queryInteger } from '../../common/http/input-schemas.js';

/** A page of a newest-first list (quarantine, import jobs). */
export const PageQueryDto = z.strictObject({
  limit: queryInteger(1, 500).optional().meta({ description: 'page size (default 100)', example: 100 }),
  before: filterInstant()
    .transform((value) => new Date(value))
    .optional()
    .meta({
      description: "Only items from before this instant (next page: the last item's time)",
      example: '2026-03-14T09:30:00.000Z',
    }),
});
export type PageQueryDto = z.infer<typeof PageQueryDto>;
