import { Fragment } from 'react';

/**
 * An e-mail address that may break before the @ and before the dots of its domain, so a long
 * address wraps within a table column instead of widening it.
 */
export const EmailText = ({ value }: { value: string }) => {
  const at = value.lastIndexOf('@');
  if (at <= 0) return <>{value}</>;
  const [first, ...rest] = value.slice(at).split('.');
  return (
    <>
      {value.slice(0, at)}
      <wbr />
      {first}
      {rest.map((part, index) => (
        <Fragment key={index}>
          <wbr />.{part}
        </Fragment>
      ))}
    </>
  );
};
