// The text and the small types every part of curfew shares live in CurfewText, which has no Foundation so that
// curfewctl's quick path can use them too; whoever imports CurfewCore has them as before.
@_exported import CurfewText
