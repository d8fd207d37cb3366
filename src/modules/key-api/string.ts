// Key API operations of this family (native/api/ has the same numbers).
import type { KeyOpTable } from './call';

export const stringOps: KeyOpTable = {};
