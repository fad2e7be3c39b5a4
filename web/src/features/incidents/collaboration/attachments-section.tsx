import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/button.js';
import { CopyButton } from '../../../components/copy-button.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { formatDateTime } from '../../../lib/format.js';
import { localeTags, useLocale } from '../../../lib/i18n.js';
import { useSignedInUser } from '../../../lib/session.js';
import { collaborationApi, collaborationKeys, formatBytes } from './collaboration-api.js';

export const AttachmentsSection = ({ incidentId, canEdit }: { incidentId: string; canEdit: boolean }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const inputId = useId();
  const captionId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const list = useQuery({
    queryKey: collaborationKeys.attachments(incidentId),
    queryFn: () => collaborationApi.attachments(incidentId),
  });
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: collaborationKeys.attachments(incidentId) });
  const upload = useMutation({
    mutationFn: (chosen: File) => collaborationApi.upload(incidentId, chosen),
    onSuccess: async () => {
      setFile(null);
      if (input.current) input.current.value = '';
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => collaborationApi.deleteAttachment(incidentId, id),
    onSuccess: refresh,
  });
  const size = (bytes: number) => formatBytes(bytes, localeTags[locale]);

  return (
    <section className="collaboration" aria-labelledby={`attachments-${incidentId}`}>
      <h2 id={`attachments-${incidentId}`}>{t('collaboration.attachments.title')}</h2>
      <ErrorBanner error={list.error ?? remove.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('collaboration.attachments.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className="table">
            <caption id={captionId} className="visually-hidden">
              {t('collaboration.attachments.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('collaboration.attachments.file')}</th>
                <th scope="col">{t('collaboration.attachments.size')}</th>
                <th scope="col">SHA-256</th>
                <th scope="col">{t('collaboration.attachments.added')}</th>
                {canEdit ? <th scope="col">{t('collaboration.attachments.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <a href={collaborationApi.downloadUrl(incidentId, a.id)} download={a.filename}>
                      {a.filename}
                    </a>
                  </td>
                  <td>{size(a.sizeBytes)}</td>
                  <td>
                    <code className="collaboration__hash" title={a.sha256}>
                      {a.sha256.slice(0, 16)}…
                    </code>{' '}
                    <CopyButton value={a.sha256} label={t('collaboration.attachments.copyHash')} />
                  </td>
                  <td>
                    {a.uploadedBy?.name ?? ''} · {formatDateTime(a.createdAt, locale, me.timeZone)}
                  </td>
                  {canEdit ? (
                    <td>
                      <Button
                        size="small"
                        variant="danger"
                        onPress={() => remove.mutate(a.id)}
                        aria-label={t('collaboration.attachments.removeNamed', { name: a.filename })}
                      >
                        {t('collaboration.attachments.remove')}
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canEdit ? (
        <form
          className="collaboration__form"
          onSubmit={(event) => {
            event.preventDefault();
            if (file) upload.mutate(file);
          }}
        >
          <div className="field">
            <label className="field__label" htmlFor={inputId}>
              {t('collaboration.attachments.choose')}
            </label>
            <input
              id={inputId}
              ref={input}
              type="file"
              className="field__input"
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
            {file ? (
              <p className="field__description" aria-live="polite">
                {t('collaboration.attachments.selected', { name: file.name, size: size(file.size) })}
              </p>
            ) : null}
          </div>
          <ErrorBanner error={upload.error} />
          <div className="collaboration__actions">
            <Button type="submit" variant="primary" isDisabled={!file} isPending={upload.isPending}>
              {t('collaboration.attachments.upload')}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
};
