/**
 * The next Monday to Friday after `from`, at `hour`:00 in Japan (+09:00), as ISO text: a time the
 * dev stage's queues are open (09:00-18:00 JST) that is also after every record a test has just
 * written with the real clock, so tests about "the last contact" hold at any hour they run.
 */
export function nextWeekdayInJapan(hour: number, from: Date = new Date()): string {
  const japan = new Date(from.getTime() + 9 * 3_600_000);
  for (let days = 1; ; days++) {
    const day = new Date(Date.UTC(japan.getUTCFullYear(), japan.getUTCMonth(), japan.getUTCDate() + days));
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      return `${day.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00:00+09:00`;
    }
  }
}
