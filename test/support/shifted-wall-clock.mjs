// Preloaded (node --import) when LEADOPS_TEST_WALL_CLOCK is set: the process's wall clock then
// reads as that instant at start and moves on in real time, while the tests' own clocks stay
// pinned to their dates. Anything in src/ that reads the wall clock instead of its Clock then
// sees a day far from the test's "now", and the suite shows it. Tests only; see the README.
const target = process.env.LEADOPS_TEST_WALL_CLOCK;
if (target) {
  const RealDate = globalThis.Date;
  const instant = RealDate.parse(target);
  if (Number.isNaN(instant)) throw new Error(`LEADOPS_TEST_WALL_CLOCK: not a date: ${target}`);
  const shift = instant - RealDate.now();
  const now = () => RealDate.now() + shift;
  // A proxy rather than a subclass: classes that extend Date (date-fns' TZDate) keep working.
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length ? args : [now()], newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
}
