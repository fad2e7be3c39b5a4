/** A STIX bundle has objects; MISP speaks of events ({"Event"}, a list of them, or the API's "response"). */
export const fileFormat = (content: unknown): 'stix' | 'misp' | null => {
  if (Array.isArray(content))
    return content.length > 0 && content.every((e) => e && typeof e === 'object' && 'Event' in e)
      ? 'misp'
      : null;
  if (!content || typeof content !== 'object') return null;
  if ('Event' in content || 'response' in content) return 'misp';
  if ('objects' in content || (content as { type?: unknown }).type === 'bundle') return 'stix';
  return null;
};
