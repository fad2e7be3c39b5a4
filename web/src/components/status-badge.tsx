import type { ReactNode } from 'react';
import './feedback.css';

export const StatusBadge = ({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'positive' | 'warning' | 'negative';
  children: ReactNode;
}) => <span className={`badge badge--${tone}`}>{children}</span>;
