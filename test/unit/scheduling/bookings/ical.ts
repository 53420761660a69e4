// Reading an iCalendar file back with a real parser (ical.js), for the unit and integration tests.
import ICAL from 'ical.js';

export function parseCalendar(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  // Registering the file's own VTIMEZONE makes its TZID resolvable, as a calendar app would.
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue('method'),
    timezones: calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')),
    vevent,
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    startTzid: event.startDate.zone?.tzid,
    status: vevent.getFirstPropertyValue('status'),
    location: event.location,
    description: event.description,
    stamp: vevent.getFirstProperty('dtstamp')?.getFirstValue() as ICAL.Time,
  };
}
