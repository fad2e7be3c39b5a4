import { useSearchParams } from 'react-router';

/**
 * A page's filters kept in the address (so a filtered list can be linked and survives reload):
 * the current values and a setter that removes a filter when given no value.
 */
export const useFilterParams = () => {
  const [params, setParams] = useSearchParams();
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return [params, setParam] as const;
};
