import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from './button.js';
import './dialog.css';

export interface ModalDialogProps {
  title: ReactNode;
  isOpen: boolean;
  onClose: () => void;
  children: ReactNode;
  size?: 'normal' | 'wide';
  role?: 'dialog' | 'alertdialog';
  isDismissable?: boolean;
}

export const ModalDialog = ({
  title,
  isOpen,
  onClose,
  children,
  size = 'normal',
  role,
  isDismissable = true,
}: ModalDialogProps) => {
  const { t } = useTranslation();
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      isDismissable={isDismissable}
      isKeyboardDismissDisabled={!isDismissable}
    >
      <Modal className={`modal modal--${size}`}>
        <Dialog className="dialog" role={role}>
          <div className="dialog__header">
            <Heading slot="title" className="dialog__title">
              {title}
            </Heading>
            {isDismissable ? (
              <Button variant="quiet" size="small" onPress={onClose} aria-label={t('common.close')}>
                <span aria-hidden="true">✕</span>
              </Button>
            ) : null}
          </div>
          <div className="dialog__body">{children}</div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
};

export interface ConfirmDialogProps {
  title: ReactNode;
  isOpen: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  confirmLabel: ReactNode;
  children: ReactNode;
  tone?: 'danger' | 'primary';
  isPending?: boolean;
  error?: ReactNode;
}

export const ConfirmDialog = ({
  title,
  isOpen,
  onCancel,
  onConfirm,
  confirmLabel,
  children,
  tone = 'danger',
  isPending,
  error,
}: ConfirmDialogProps) => {
  const { t } = useTranslation();
  return (
    <ModalDialog title={title} isOpen={isOpen} onClose={onCancel} role="alertdialog">
      <div className="stack">
        {children}
        {error}
        <div className="actions">
          <Button variant={tone} onPress={onConfirm} isPending={isPending}>
            {confirmLabel}
          </Button>
          <Button onPress={onCancel}>{t('common.cancel')}</Button>
        </div>
      </div>
    </ModalDialog>
  );
};
