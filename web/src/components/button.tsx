import type { ReactNode } from 'react';
import {
  Button as AriaButton,
  Link as AriaLink,
  type ButtonProps as AriaButtonProps,
  type LinkProps,
} from 'react-aria-components';
import './button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'children' | 'isPending'> {
  variant?: ButtonVariant;
  size?: 'normal' | 'small';
  className?: string;
  isPending?: boolean;
  children: ReactNode;
}

const classes = (
  variant: ButtonVariant,
  size: 'normal' | 'small',
  ...extra: (string | false | undefined)[]
) =>
  ['button', `button--${variant}`, size === 'small' && 'button--small', ...extra].filter(Boolean).join(' ');

/**
 * Pending is handled here rather than by React Aria, whose pending announcement keeps pointing at the
 * button after a dialog closes or the page changes, leaving an unnamed element in its live region.
 */
export const Button = ({
  variant = 'secondary',
  size = 'normal',
  className,
  isPending = false,
  onPress,
  type,
  children,
  ...props
}: ButtonProps) => (
  <AriaButton
    {...props}
    type={isPending ? 'button' : type}
    onPress={isPending ? undefined : onPress}
    aria-disabled={isPending || undefined}
    className={classes(variant, size, isPending && 'button--pending', className)}
  >
    {children}
    {isPending ? <span className="button__spinner" aria-hidden="true" /> : null}
  </AriaButton>
);

export interface ButtonLinkProps extends Omit<LinkProps, 'className'> {
  variant?: ButtonVariant;
  size?: 'normal' | 'small';
}

export const ButtonLink = ({ variant = 'secondary', size = 'normal', ...props }: ButtonLinkProps) => (
  <AriaLink {...props} className={classes(variant, size)} />
);
