import { useTranslation } from 'react-i18next';
import { roles, type Role } from '../../../../shared/access/roles.js';
import { Checkbox, CheckboxGroup } from '../../components/checkbox.js';

export const RolesField = ({ value, onChange }: { value: Role[]; onChange: (roles: Role[]) => void }) => {
  const { t } = useTranslation();
  return (
    <CheckboxGroup
      label={t('users.roles')}
      description={t('users.rolesHint')}
      name="roles"
      isRequired
      value={value}
      onChange={(next) => onChange(roles.filter((role) => next.includes(role)))}
      validate={(selected) => (selected.length === 0 ? t('users.rolesRequired') : null)}
    >
      {roles.map((role) => (
        <Checkbox key={role} value={role} description={t(`roles.${role}.description`)}>
          {t(`roles.${role}.name`)}
        </Checkbox>
      ))}
    </CheckboxGroup>
  );
};
