import 'i18next';
import type { en } from './en';

// Typed keys and interpolation variables: a typo or a missing {{variable}} fails `tsc -p web`.
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}
