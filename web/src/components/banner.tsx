import type { ReactNode } from 'react';
import './feedback.css';

export type BannerTone = 'info' | 'success' | 'warning' | 'error';

export interface BannerProps {
  tone?: BannerTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Announce the banner when it appears: errors interrupt, the rest wait their turn. */
  live?: boolean;
}

export const Banner = ({ tone = 'info', title, children, live = true }: BannerProps) => {
  const role = live ? (tone === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div className={`banner banner--${tone}`} role={role}>
      {title ? <p className="banner__title">{title}</p> : null}
      {children ? <div className="banner__body">{children}</div> : null}
    </div>
  );
};
