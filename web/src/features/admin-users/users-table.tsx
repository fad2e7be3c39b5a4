import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { EmailText } from '../../components/email-text.js';
import { StatusBadge } from '../../components/status-badge.js';
import type { User } from './users-api.js';

export interface UsersTableProps {
  users: User[];
  organisationShortName: (id: string) => string;
  onEdit: (user: User) => void;
}

export const UsersTable = ({ users, organisationShortName, onEdit }: UsersTableProps) => {
  const { t } = useTranslation();
  const status = (user: User) => {
    if (!user.active) return <StatusBadge tone="negative">{t('users.statusInactive')}</StatusBadge>;
    if (user.mustChangePassword)
      return <StatusBadge tone="warning">{t('users.statusMustChange')}</StatusBadge>;
    return <StatusBadge tone="positive">{t('common.active')}</StatusBadge>;
  };
  return (
    <DataTable<User>
      caption={t('users.caption')}
      captionHidden
      rows={users}
      rowKey={(row) => row.id}
      columns={[
        {
          key: 'name',
          header: t('users.nameAndEmail'),
          isRowHeader: true,
          className: 'cell--person',
          cell: (row) => (
            <>
              {row.name}
              <span className="cell__secondary">
                <EmailText value={row.email} />
              </span>
            </>
          ),
        },
        {
          key: 'organisation',
          header: t('users.organisation'),
          cell: (row) => organisationShortName(row.organisationId),
        },
        {
          key: 'roles',
          header: t('users.roles'),
          cell: (row) => (
            <ul className="cell__list">
              {row.roles.map((role) => (
                <li key={role}>{t(`roles.${role}.name`)}</li>
              ))}
            </ul>
          ),
        },
        {
          key: 'twoFactor',
          header: t('users.twoFactor'),
          cell: (row) => (row.twoFactorEnabled ? t('common.yes') : t('common.no')),
        },
        { key: 'status', header: t('users.status'), cell: status },
        {
          key: 'actions',
          header: <span className="visually-hidden">{t('common.actions')}</span>,
          className: 'cell--actions',
          cell: (row) => (
            <Button
              size="small"
              onPress={() => onEdit(row)}
              aria-label={t('common.editNamed', { name: row.name })}
            >
              {t('common.edit')}
            </Button>
          ),
        },
      ]}
    />
  );
};
