/**
 * Group commit for any call that can do many inputs at once: the calls made while earlier ones are in
 * flight wait and go together in the next (at most `maxBatch` inputs; at most `maxInFlight` at a
 * time). Alone, a call goes at the next turn of the event loop, so nobody waits for company. Each
 * caller gets its own answer: `run` answers the inputs in order, and when it fails for a group, each
 * input is tried alone (so use it only where trying again is safe: reads, or writes in one
 * statement that failed whole).
 */
export const groupCalls = <In, Out>(
  run: (inputs: readonly In[]) => Promise<readonly Out[]>,
  options: { maxBatch?: number; maxInFlight?: number } = {},
): ((input: In) => Promise<Out>) => {
  const maxBatch = options.maxBatch ?? 64;
  const maxInFlight = options.maxInFlight ?? 2;
  const queue: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;

  const send = async (group: typeof queue): Promise<void> => {
    try {
      const outs = await run(group.map((call) => call.input));
      group.forEach((call, i) => call.resolve(outs[i]!));
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else await Promise.all(group.map((call) => send([call])));
    }
  };

  const flush = () => {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      inFlight += 1;
      void send(queue.splice(0, maxBatch)).finally(() => {
        inFlight -= 1;
        kick();
      });
    }
  };

  const kick = () => {
    if (scheduled || queue.length === 0 || inFlight >= maxInFlight) return;
    scheduled = true;
    setImmediate(flush);
  };

  return (input) =>
    new Promise<Out>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      kick();
    });
};

/** One grouped caller per key object (a database handle), made when first asked for. */
export const groupedPer = <Key extends object, In, Out>(
  make: (key: Key) => (input: In) => Promise<Out>,
): ((key: Key, input: In) => Promise<Out>) => {
  const callers = new WeakMap<Key, (input: In) => Promise<Out>>();
  return (key, input) => {
    let caller = callers.get(key);
    if (!caller) {
      caller = make(key);
      callers.set(key, caller);
    }
    return caller(input);
  };
};
