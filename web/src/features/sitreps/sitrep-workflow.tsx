import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { compareTlp } from '../../../../shared/access/tlp.js';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog, ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { isApiError } from '../../lib/api.js';
import type { BlockingIssue } from '../../../../shared/contracts/sitreps.js';
import { useDirectoryNames } from './sitrep-names.js';
import { errorCodeIs, tlpLevels, tlpText, useIssueLines } from './sitrep-words.js';
import {
  useWorkflowAction,
  type Sitrep,
  type SitrepDraft,
  type Tlp,
  type WorkflowAction,
} from './sitreps-api.js';

type Dialog = 'approve' | 'lower' | 'corrections' | 'sanitised-variant' | 'distribute' | null;

/** A refusal of the workflow in words the user can act on; the check panel lists the details. */
const ActionError = ({ error }: { error: unknown }) => {
  const { t } = useTranslation();
  const names = useDirectoryNames();
  const issueLines = useIssueLines({
    organisation: names.organisationFull,
    community: names.community,
    incident: () => t('sitreps.incidents.included'),
  });
  if (!error) return null;
  if (errorCodeIs(error, 'approval_blocked')) {
    const issues = isApiError(error) ? (error.issues as unknown as BlockingIssue[]) : [];
    return (
      <Banner tone="error" title={t('sitreps.workflow.blockedTitle')}>
        <p>{t('sitreps.workflow.blocked')}</p>
        {issues.length > 0 && 'code' in (issues[0] ?? {}) ? (
          <ul className="bullet-list">
            {issueLines(issues).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : null}
      </Banner>
    );
  }
  if (isApiError(error, 'conflict') || (isApiError(error) && error.status === 409)) {
    return (
      <Banner tone="error">
        <p>{t('sitreps.workflow.conflict')}</p>
      </Banner>
    );
  }
  return <ErrorBanner error={error} />;
};

export const WorkflowPanel = ({ sitrep, draft }: { sitrep: Sitrep; draft: SitrepDraft }) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const action = useWorkflowAction(sitrep.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [note, setNote] = useState('');
  const [lowerTo, setLowerTo] = useState<Tlp | null>(null);
  const [reason, setReason] = useState('');
  const { status, permissions, check } = draft;
  const blocking = check.blocking.filter((issue) => issue.code !== 'language_missing');

  const run = (name: WorkflowAction, body?: unknown, after?: (result: { id?: string } | undefined) => void) =>
    action.mutate(
      { action: name, body },
      {
        onSuccess: (result) => {
          setDialog(null);
          after?.(result);
        },
      },
    );
  const close = () => {
    setDialog(null);
    action.reset();
  };

  const buttons: {
    key: string;
    label: string;
    onPress: () => void;
    variant?: 'primary' | 'secondary';
    disabled?: boolean;
  }[] = [];
  if (status === 'draft' && (permissions.edit || permissions.approve)) {
    buttons.push({
      key: 'submit',
      label: t('sitreps.workflow.submit'),
      onPress: () => run('submit'),
      variant: 'primary',
    });
  }
  if (status === 'in_review' && permissions.approve) {
    buttons.push({ key: 'return', label: t('sitreps.workflow.return'), onPress: () => run('return') });
    buttons.push({
      key: 'approve',
      label: t('sitreps.workflow.approve'),
      onPress: () => setDialog('approve'),
      variant: 'primary',
      disabled: blocking.length > 0,
    });
  }
  if (status === 'approved' && permissions.approve) {
    buttons.push({
      key: 'distribute',
      label: t('sitreps.workflow.distribute'),
      onPress: () => setDialog('distribute'),
      variant: 'primary',
    });
  }
  if ((status === 'approved' || status === 'distributed') && permissions.approve) {
    buttons.push({
      key: 'corrections',
      label: t('sitreps.workflow.correction'),
      onPress: () => setDialog('corrections'),
    });
  }
  if (permissions.approve && !draft.sanitisedFromId) {
    buttons.push({
      key: 'sanitised',
      label: t('sitreps.workflow.sanitised'),
      onPress: () => setDialog('sanitised-variant'),
    });
  }
  if (permissions.approve && draft.sanitisedFromId && (status === 'draft' || status === 'in_review')) {
    buttons.push({ key: 'lower', label: t('sitreps.workflow.lower'), onPress: () => setDialog('lower') });
  }
  const lowerOptions = tlpLevels.filter((level) => compareTlp(level, check.markingFloor) < 0);

  return (
    <section className="section" aria-labelledby="sitrep-workflow-title">
      <h2 id="sitrep-workflow-title" className="section__title">
        {t('sitreps.workflow.title')}
      </h2>
      <p className="small">{t(`sitreps.workflow.explain.${status}`)}</p>
      {buttons.length > 0 ? (
        <div className="actions">
          {buttons.map((b) => (
            <Button
              key={b.key}
              variant={b.variant ?? 'secondary'}
              onPress={b.onPress}
              isDisabled={b.disabled}
              isPending={action.isPending && dialog === null && action.variables?.action === b.key}
            >
              {b.label}
            </Button>
          ))}
        </div>
      ) : (
        <p className="muted small">{t('sitreps.workflow.nothingForYou')}</p>
      )}
      {status === 'in_review' && permissions.approve && blocking.length > 0 ? (
        <p className="small">{t('sitreps.workflow.approveDisabled')}</p>
      ) : null}
      {dialog === null ? <ActionError error={action.error} /> : null}

      <ModalDialog title={t('sitreps.workflow.approveTitle')} isOpen={dialog === 'approve'} onClose={close}>
        <Form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            run('approve', note.trim() ? { note: note.trim() } : {}, () => setNote(''));
          }}
        >
          <p>{t('sitreps.workflow.approveExplain', { number: draft.versionNumber })}</p>
          {check.missingLanguages.length > 0 ? (
            <Banner tone="warning" live={false}>
              <p>{t('sitreps.workflow.approveMissingLanguages')}</p>
            </Banner>
          ) : null}
          <TextField
            label={t('sitreps.workflow.note')}
            multiline
            rows={3}
            maxLength={2000}
            value={note}
            onChange={setNote}
            description={t('sitreps.workflow.noteHint')}
          />
          <ActionError error={action.error} />
          <div className="actions">
            <Button type="submit" variant="primary" isPending={action.isPending}>
              {t('sitreps.workflow.approveConfirm')}
            </Button>
            <Button onPress={close}>{t('common.cancel')}</Button>
          </div>
        </Form>
      </ModalDialog>

      <ConfirmDialog
        title={t('sitreps.workflow.distributeTitle')}
        isOpen={dialog === 'distribute'}
        onCancel={close}
        onConfirm={() => run('distribute')}
        confirmLabel={t('sitreps.workflow.distributeConfirm')}
        tone="primary"
        isPending={action.isPending}
        error={<ActionError error={action.error} />}
      >
        <p>{t('sitreps.workflow.distributeExplain')}</p>
      </ConfirmDialog>

      <ConfirmDialog
        title={t('sitreps.workflow.correctionTitle')}
        isOpen={dialog === 'corrections'}
        onCancel={close}
        onConfirm={() => run('corrections')}
        confirmLabel={t('sitreps.workflow.correctionConfirm')}
        tone="primary"
        isPending={action.isPending}
        error={<ActionError error={action.error} />}
      >
        <p>
          {t('sitreps.workflow.correctionExplain', {
            number: draft.versionNumber + (status === 'draft' ? 0 : 1),
          })}
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        title={t('sitreps.workflow.sanitisedTitle')}
        isOpen={dialog === 'sanitised-variant'}
        onCancel={close}
        onConfirm={() =>
          run('sanitised-variant', {}, (result) => {
            if (result?.id) void navigate(`/reports/${result.id}`);
          })
        }
        confirmLabel={t('sitreps.workflow.sanitisedConfirm')}
        tone="primary"
        isPending={action.isPending}
        error={<ActionError error={action.error} />}
      >
        <p>{t('sitreps.workflow.sanitisedExplain')}</p>
      </ConfirmDialog>

      <ModalDialog title={t('sitreps.workflow.lowerTitle')} isOpen={dialog === 'lower'} onClose={close}>
        <Form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (!lowerTo || reason.trim().length < 10) return;
            run('lower-marking', { tlp: lowerTo, reason: reason.trim() }, () => setReason(''));
          }}
        >
          <p>{t('sitreps.workflow.lowerExplain', { floor: tlpText(check.markingFloor) })}</p>
          {lowerOptions.length === 0 ? (
            <p>{t('sitreps.workflow.lowerNothing')}</p>
          ) : (
            <>
              <SelectField
                label={t('sitreps.workflow.lowerTo')}
                isRequired
                value={lowerTo}
                onChange={(value) => setLowerTo(value as Tlp)}
                options={lowerOptions.map((level) => ({ id: level, label: tlpText(level) }))}
              />
              <TextField
                label={t('sitreps.workflow.lowerReason')}
                description={t('sitreps.workflow.lowerReasonHint')}
                multiline
                rows={4}
                isRequired
                minLength={10}
                maxLength={2000}
                value={reason}
                onChange={setReason}
              />
            </>
          )}
          <ActionError error={action.error} />
          <div className="actions">
            {lowerOptions.length > 0 ? (
              <Button type="submit" variant="primary" isPending={action.isPending}>
                {t('sitreps.workflow.lowerConfirm')}
              </Button>
            ) : null}
            <Button onPress={close}>{t('common.cancel')}</Button>
          </div>
        </Form>
      </ModalDialog>
    </section>
  );
};
