-- The deferred check that a transaction changing a business table appended an event (V1's
-- kassa_require_event) was queued once per changed row: a sale of 3 lines queued about a dozen, and each
-- cost a plpgsql call and a fetch of its row at commit. One check per transaction says the same, since it
-- reads the transaction's mark, not the row. So the triggers now queue their check only when
--   * the transaction has not appended an event yet (events are append-only: one appended stays), and
--   * no check is queued in it yet (kassa.event_check, set as the check is queued).
-- Both marks are set with set_config(..., true): a rolled-back savepoint takes back the mark together with
-- the event or the queued check it stood for, so the next change queues a check again. A WHEN condition of
-- a constraint trigger is evaluated as the row changes, not at commit, its ANDs in order (the last one
-- only when the first two hold). A table added later with V1's plain per-row trigger is checked as before.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT tg.tgname, tg.tgrelid::regclass AS rel, pg_get_triggerdef(tg.oid) AS def
               FROM pg_trigger tg
              WHERE tg.tgfoid = 'kassa_require_event'::regproc AND NOT tg.tgisinternal AND tg.tgparentid = 0
              ORDER BY tg.tgrelid::regclass::text, tg.tgname
    LOOP
        IF position('FOR EACH ROW EXECUTE FUNCTION' IN t.def) = 0 THEN
            RAISE EXCEPTION 'unexpected definition of trigger %: %', t.tgname, t.def;
        END IF;
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.rel);
        EXECUTE replace(t.def, 'FOR EACH ROW EXECUTE FUNCTION', 'FOR EACH ROW WHEN ('
            || 'coalesce(current_setting(''kassa.event_appended'', true), '''') <> ''yes'' '
            || 'AND coalesce(current_setting(''kassa.event_check'', true), '''') <> ''queued'' '
            || 'AND set_config(''kassa.event_check'', ''queued'', true) = ''queued'') EXECUTE FUNCTION');
    END LOOP;
END $$;
