import type { ReactNode } from 'react';
import './feedback.css';

export interface EmptyStateProps {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}

export const EmptyState = ({ title, children, action }: EmptyStateProps) => (
  <div className="empty-state">
    <p className="empty-state__title">{title}</p>
    {children ? <div className="empty-state__body">{children}</div> : null}
    {action ? <div className="empty-state__action">{action}</div> : null}
  </div>
);
