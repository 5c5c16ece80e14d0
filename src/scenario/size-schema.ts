import { z } from 'zod';

/** A size: a constant number of bytes, or a distribution drawn per request. */
export const sizeSchema = z.union(
  [
    z.number().int().min(1).max(1e10),
    // Discriminated by `type`, so a typo inside one shape is reported against that shape's fields.
    z.discriminatedUnion('type', [
      z
        .strictObject({ type: z.literal('uniform'), min: z.number().int().min(1), max: z.number().int().min(1).max(1e10) })
        .refine((d) => d.max >= d.min, { message: 'max must be ≥ min', path: ['max'] }),
      z.strictObject({ type: z.literal('exponential'), mean: z.number().min(1).max(1e10) }),
    ]),
  ],
  { error: 'must be a byte count (integer 1–1e10), {type: "uniform", min, max} or {type: "exponential", mean}' },
);
export type SizeSpec = z.output<typeof sizeSchema>;
