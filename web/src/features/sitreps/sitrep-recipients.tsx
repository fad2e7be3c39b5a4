import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { Checkbox, CheckboxGroup } from '../../components/checkbox.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { localisedName } from '../../lib/format.js';
import { organisationLabel } from '../../lib/organisations.js';
import { useDirectoryNames } from './sitrep-names.js';
import { errorCodeIs, useSitrepWords } from './sitrep-words.js';
import { useUpdateSitrep, type Sitrep, type SitrepDraft } from './sitreps-api.js';

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * The choices, remounted with each revision of the draft; the mutation lives in the panel, so that
 * the confirmation of a save survives the remount its own success causes.
 */
const Editor = ({ draft, update }: { draft: SitrepDraft; update: ReturnType<typeof useUpdateSitrep> }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const names = useDirectoryNames();
  const [organisations, setOrganisations] = useState<string[]>(draft.recipients.organisations);
  const [communities, setCommunities] = useState<string[]>(draft.recipients.communities);
  const dirty =
    !sameSet(organisations, draft.recipients.organisations) ||
    !sameSet(communities, draft.recipients.communities);
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ revision: draft.revision, recipients: { organisations, communities } });
      }}
    >
      <CheckboxGroup
        label={t('sitreps.recipients.communities')}
        description={t('sitreps.recipients.communitiesHint')}
        value={communities}
        onChange={setCommunities}
      >
        {names.communities.map((community) => (
          <Checkbox key={community.id} value={community.id}>
            {localisedName(community.name, words.locale)}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <CheckboxGroup
        label={t('sitreps.recipients.organisations')}
        value={organisations}
        onChange={setOrganisations}
        scrollable
      >
        {names.organisations.map((organisation) => (
          <Checkbox key={organisation.id} value={organisation.id}>
            {organisationLabel(organisation, words.locale)}
          </Checkbox>
        ))}
      </CheckboxGroup>
      {errorCodeIs(update.error, 'version_conflict') || errorCodeIs(update.error, 'conflict') ? (
        <Banner tone="error">
          <p>{t('sitreps.recipients.conflict')}</p>
        </Banner>
      ) : (
        <ErrorBanner error={update.error} />
      )}
      {update.isSuccess && !dirty ? (
        <p role="status" className="small">
          {t('common.changesSaved')}
        </p>
      ) : null}
      <div className="actions">
        <Button type="submit" variant="primary" isDisabled={!dirty} isPending={update.isPending}>
          {t('sitreps.recipients.save')}
        </Button>
        {dirty ? (
          <Button
            onPress={() => {
              setOrganisations(draft.recipients.organisations);
              setCommunities(draft.recipients.communities);
            }}
          >
            {t('sitreps.recipients.undo')}
          </Button>
        ) : null}
      </div>
    </form>
  );
};

/** The distribution list: who receives the approved version. */
export const RecipientsPanel = ({ sitrep, draft }: { sitrep: Sitrep; draft: SitrepDraft }) => {
  const { t } = useTranslation();
  const names = useDirectoryNames();
  const update = useUpdateSitrep(sitrep.id);
  const editable = draft.permissions.edit && draft.status === 'draft';
  const { organisations, communities } = draft.recipients;
  return (
    <section className="section" aria-labelledby="sitrep-recipients-title">
      <h2 id="sitrep-recipients-title" className="section__title">
        {t('sitreps.recipients.title')}
      </h2>
      {editable ? (
        <Editor key={draft.revision} draft={draft} update={update} />
      ) : organisations.length === 0 && communities.length === 0 ? (
        <p className="muted">{t('sitreps.recipients.none')}</p>
      ) : (
        <ul className="bullet-list">
          {communities.map((id) => (
            <li key={id}>{t('sitreps.recipients.communityItem', { name: names.community(id) })}</li>
          ))}
          {organisations.map((id) => (
            <li key={id}>{names.organisationFull(id)}</li>
          ))}
        </ul>
      )}
    </section>
  );
};
