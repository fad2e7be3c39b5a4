import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMENT_MAX_LENGTH, mentionToken } from '../../../../../shared/contracts/collaboration.js';
import { Button } from '../../../components/button.js';
import { ComboBoxField } from '../../../components/combo-box-field.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { Markdown } from '../../../components/markdown.js';
import { TextField } from '../../../components/text-field.js';
import { formatDateTime } from '../../../lib/format.js';
import { useLocale } from '../../../lib/i18n.js';
import { useSignedInUser } from '../../../lib/session.js';
import { collaborationApi, collaborationKeys, type Comment } from './collaboration-api.js';
import { useDebouncedValue } from '../../../lib/use-debounced-value.js';

/** A text area with a picker that inserts @[Name](user:<uuid>) for someone who can see the incident. */
const CommentEditor = ({
  incidentId,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  isPending,
  error,
}: {
  incidentId: string;
  initial: string;
  submitLabel: string;
  onSubmit: (body: string) => Promise<unknown>;
  onCancel?: () => void;
  isPending: boolean;
  error: unknown;
}) => {
  const { t } = useTranslation();
  const [body, setBody] = useState(initial);
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 250);
  const people = useQuery({
    queryKey: ['incident-collaboration', incidentId, 'mentionable', q],
    queryFn: () => collaborationApi.mentionable(incidentId, q),
    enabled: q.length >= 1,
  });
  const options = (people.data?.items ?? []).map((p) => ({
    id: p.id,
    label: `${p.name} (${p.organisationShortName})`,
  }));

  return (
    <form
      className="collaboration__form"
      onSubmit={(event) => {
        event.preventDefault();
        if (body.trim()) void onSubmit(body).then(() => setBody(''));
      }}
    >
      <TextField
        label={t('collaboration.comments.body')}
        description={t('collaboration.comments.bodyHint')}
        multiline
        rows={4}
        maxLength={COMMENT_MAX_LENGTH}
        value={body}
        onChange={setBody}
        size="wide"
      />
      <ComboBoxField
        label={t('collaboration.comments.mention')}
        description={t('collaboration.comments.mentionHint')}
        options={options}
        value={null}
        inputValue={search}
        onInputChange={setSearch}
        onChange={(id) => {
          const person = people.data?.items.find((p) => p.id === id);
          if (!person) return;
          setBody(
            (text) =>
              `${text}${text && !/\s$/.test(text) ? ' ' : ''}${mentionToken(person.name, person.id)} `,
          );
          setSearch('');
        }}
        emptyLabel={t('collaboration.comments.noPeople')}
      />
      <ErrorBanner error={error} />
      <div className="collaboration__actions">
        <Button type="submit" variant="primary" isDisabled={!body.trim()} isPending={isPending}>
          {submitLabel}
        </Button>
        {onCancel ? <Button onPress={onCancel}>{t('collaboration.cancel')}</Button> : null}
      </div>
    </form>
  );
};

const CommentItem = ({
  incidentId,
  comment,
  canEdit,
}: {
  incidentId: string;
  comment: Comment;
  canEdit: boolean;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: collaborationKeys.comments(incidentId) });
  const edit = useMutation({
    mutationFn: (body: string) => collaborationApi.editComment(incidentId, comment.id, body),
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => collaborationApi.deleteComment(incidentId, comment.id),
    onSuccess: refresh,
  });
  const mine = comment.author.id === me.id;

  return (
    <li className="collaboration__item">
      <article aria-label={t('collaboration.comments.by', { name: comment.author.name })}>
        <p className="collaboration__meta">
          <strong>{comment.author.name}</strong> ({comment.author.organisationShortName}) ·{' '}
          <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, locale, me.timeZone)}</time>
          {comment.editedAt && !comment.deletedAt ? ` · ${t('collaboration.comments.edited')}` : null}
        </p>
        {comment.deletedAt ? (
          <p className="collaboration__deleted">{t('collaboration.comments.deleted')}</p>
        ) : editing ? (
          <CommentEditor
            incidentId={incidentId}
            initial={comment.body}
            submitLabel={t('collaboration.save')}
            onSubmit={(body) => edit.mutateAsync(body)}
            onCancel={() => setEditing(false)}
            isPending={edit.isPending}
            error={edit.error}
          />
        ) : (
          <Markdown>{comment.body}</Markdown>
        )}
        {mine && canEdit && !comment.deletedAt && !editing ? (
          <div className="collaboration__actions">
            <Button size="small" onPress={() => setEditing(true)}>
              {t('collaboration.comments.edit')}
            </Button>
            <Button
              size="small"
              variant="danger"
              onPress={() => remove.mutate()}
              isPending={remove.isPending}
            >
              {t('collaboration.comments.delete')}
            </Button>
          </div>
        ) : null}
        <ErrorBanner error={remove.error} />
      </article>
    </li>
  );
};

export const CommentsSection = ({ incidentId, canEdit }: { incidentId: string; canEdit: boolean }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: collaborationKeys.comments(incidentId),
    queryFn: () => collaborationApi.comments(incidentId),
  });
  const add = useMutation({
    mutationFn: (body: string) => collaborationApi.addComment(incidentId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: collaborationKeys.comments(incidentId) }),
  });

  return (
    <section className="collaboration" aria-labelledby={`comments-${incidentId}`}>
      <h2 id={`comments-${incidentId}`}>{t('collaboration.comments.title')}</h2>
      <ErrorBanner error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('collaboration.comments.none')}</p> : null}
      <ol className="collaboration__list">
        {list.data?.items.map((comment) => (
          <CommentItem key={comment.id} incidentId={incidentId} comment={comment} canEdit={canEdit} />
        ))}
      </ol>
      {canEdit ? (
        <>
          <h3>{t('collaboration.comments.add')}</h3>
          <CommentEditor
            incidentId={incidentId}
            initial=""
            submitLabel={t('collaboration.comments.post')}
            onSubmit={(body) => add.mutateAsync(body)}
            isPending={add.isPending}
            error={add.error}
          />
        </>
      ) : null}
    </section>
  );
};
