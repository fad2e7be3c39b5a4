import { lazy } from 'react';
import { LoadBoundary } from '../../components/load-boundary.js';
import type { TwoFactorEnrolmentProps } from './two-factor-enrolment.js';

// Enrolment (the steps, the QR code, the backup codes) loads when a user starts it, in a chunk of its own.
const TwoFactorEnrolment = lazy(() =>
  import('./two-factor-enrolment.js').then((m) => ({ default: m.TwoFactorEnrolment })),
);

export const LazyTwoFactorEnrolment = (props: TwoFactorEnrolmentProps) => (
  <LoadBoundary>
    <TwoFactorEnrolment {...props} />
  </LoadBoundary>
);
