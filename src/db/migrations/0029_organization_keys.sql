-- The clinic's organization id in every key of a clinic's table
-- (docs/operations.md, "Distributing by clinic (Citus)"; decision 0040).
--
-- Every table a clinic owns gets organization_id first in its primary key,
-- in every unique and exclusion constraint and unique index, and on both
-- sides of every foreign key to another clinic table. A row can then never
-- point at another clinic's row (the database refuses it, where before only
-- the queries kept clinics apart), and the schema can be distributed by
-- organization_id (Citus) as it stands: Citus requires the distribution
-- column in every such constraint and foreign key.
--
-- Unchanged: the foreign keys organization_id -> organizations(id) and those
-- to auth_users (both reference tables on Citus: a clinic's slug is unique
-- across clinics, one person may work for two clinics), and the tables that
-- belong to no clinic (auth_*, sign_in_failures, schema_migrations).
-- src/db/organization-keys.test.ts checks all of it.
--
-- Constraint and index names stay as they were. A "SET NULL" foreign key
-- names the column it empties (PostgreSQL 15), so organization_id is left
-- as it is. On a database where some row already points at another clinic's
-- row, adding its foreign key fails and this migration changes nothing.

-- 1. The foreign keys between clinic tables go first: they depend on the keys below.
ALTER TABLE aftercare_snapshots DROP CONSTRAINT aftercare_snapshots_appointment_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_client_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_location_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_plan_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_practitioner_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_room_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_service_id_fkey;
ALTER TABLE checkin_photos DROP CONSTRAINT checkin_photos_checkin_id_client_id_fkey;
ALTER TABLE checkin_photos DROP CONSTRAINT checkin_photos_client_id_fkey;
ALTER TABLE checkin_responses DROP CONSTRAINT checkin_responses_appointment_id_fkey;
ALTER TABLE checkin_responses DROP CONSTRAINT checkin_responses_client_id_fkey;
ALTER TABLE client_health_notes DROP CONSTRAINT client_health_notes_client_id_fkey;
ALTER TABLE client_login_tokens DROP CONSTRAINT client_login_tokens_client_id_fkey;
ALTER TABLE client_record_locks DROP CONSTRAINT client_record_locks_client_id_fkey;
ALTER TABLE client_screenings DROP CONSTRAINT client_screenings_appointment_id_fkey;
ALTER TABLE client_screenings DROP CONSTRAINT client_screenings_client_id_fkey;
ALTER TABLE client_sessions DROP CONSTRAINT client_sessions_client_id_fkey;
ALTER TABLE consent_signatures DROP CONSTRAINT consent_signatures_client_id_fkey;
ALTER TABLE consent_signatures DROP CONSTRAINT consent_signatures_form_id_fkey;
ALTER TABLE content_documents DROP CONSTRAINT content_documents_published_revision_id_fkey;
ALTER TABLE content_documents DROP CONSTRAINT content_documents_scheduled_revision_id_fkey;
ALTER TABLE content_documents DROP CONSTRAINT content_documents_working_revision_id_fkey;
ALTER TABLE content_revisions DROP CONSTRAINT content_revisions_cover_asset_id_fkey;
ALTER TABLE content_revisions DROP CONSTRAINT content_revisions_document_id_fkey;
ALTER TABLE content_revisions DROP CONSTRAINT content_revisions_restored_from_revision_id_fkey;
ALTER TABLE desk_handovers DROP CONSTRAINT desk_handovers_appointment_id_fkey;
ALTER TABLE desk_handovers DROP CONSTRAINT desk_handovers_client_id_fkey;
ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_appointment_id_fkey;
ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_checkin_id_fkey;
ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_client_id_fkey;
ALTER TABLE media_variants DROP CONSTRAINT media_variants_asset_id_fkey;
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_appointment_id_fkey;
ALTER TABLE pending_self_checks DROP CONSTRAINT pending_self_checks_client_id_fkey;
ALTER TABLE practitioner_exceptions DROP CONSTRAINT practitioner_exceptions_practitioner_id_fkey;
ALTER TABLE practitioner_hours DROP CONSTRAINT practitioner_hours_practitioner_id_fkey;
ALTER TABLE practitioner_services DROP CONSTRAINT practitioner_services_practitioner_id_fkey;
ALTER TABLE practitioner_services DROP CONSTRAINT practitioner_services_service_id_fkey;
ALTER TABLE practitioners DROP CONSTRAINT practitioners_location_id_fkey;
ALTER TABLE record_correction_requests DROP CONSTRAINT record_correction_requests_client_id_fkey;
ALTER TABLE rooms DROP CONSTRAINT rooms_location_id_fkey;
ALTER TABLE scheduled_jobs DROP CONSTRAINT scheduled_jobs_appointment_id_fkey;
ALTER TABLE screening_reviews DROP CONSTRAINT screening_reviews_screening_id_fkey;
ALTER TABLE service_prices DROP CONSTRAINT service_prices_service_id_fkey;
ALTER TABLE session_chart_addenda DROP CONSTRAINT session_chart_addenda_chart_id_fkey;
ALTER TABLE session_chart_lots DROP CONSTRAINT session_chart_lots_chart_id_fkey;
ALTER TABLE session_chart_lots DROP CONSTRAINT session_chart_lots_lot_id_fkey;
ALTER TABLE session_charts DROP CONSTRAINT session_charts_appointment_id_fkey;
ALTER TABLE session_charts DROP CONSTRAINT session_charts_client_id_fkey;
ALTER TABLE session_charts DROP CONSTRAINT session_charts_device_id_fkey;
ALTER TABLE session_charts DROP CONSTRAINT session_charts_plan_id_fkey;
ALTER TABLE skin_photos DROP CONSTRAINT skin_photos_appointment_id_fkey;
ALTER TABLE skin_photos DROP CONSTRAINT skin_photos_client_id_fkey;
ALTER TABLE skin_photos DROP CONSTRAINT skin_photos_plan_id_fkey;
ALTER TABLE staff_invitations DROP CONSTRAINT staff_invitations_practitioner_id_fkey;
ALTER TABLE staff_members DROP CONSTRAINT staff_members_practitioner_id_fkey;
ALTER TABLE time_off DROP CONSTRAINT time_off_practitioner_id_fkey;
ALTER TABLE treatment_plan_acceptances DROP CONSTRAINT treatment_plan_acceptances_client_id_fkey;
ALTER TABLE treatment_plan_acceptances DROP CONSTRAINT treatment_plan_acceptances_plan_id_version_fkey;
ALTER TABLE treatment_plan_versions DROP CONSTRAINT treatment_plan_versions_plan_id_fkey;
ALTER TABLE treatment_plan_versions DROP CONSTRAINT treatment_plan_versions_practitioner_id_fkey;
ALTER TABLE treatment_plan_versions DROP CONSTRAINT treatment_plan_versions_service_id_fkey;
ALTER TABLE treatment_plans DROP CONSTRAINT treatment_plans_client_id_fkey;

-- 2. Primary keys, unique and exclusion constraints, with organization_id first.
ALTER TABLE aftercare_snapshots DROP CONSTRAINT aftercare_snapshots_pkey, ADD CONSTRAINT aftercare_snapshots_pkey PRIMARY KEY (organization_id, appointment_id);
ALTER TABLE appointments DROP CONSTRAINT appointments_no_client_overlap, ADD CONSTRAINT appointments_no_client_overlap
  EXCLUDE USING gist (organization_id WITH =, client_id WITH =, tstzrange(starts_at, ends_at, '[)'::text) WITH &&) WHERE (((status <> 'cancelled'::text) AND (client_id IS NOT NULL)));
ALTER TABLE appointments DROP CONSTRAINT appointments_no_practitioner_overlap, ADD CONSTRAINT appointments_no_practitioner_overlap
  EXCLUDE USING gist (organization_id WITH =, practitioner_id WITH =, tstzrange(blocked_from, blocked_until, '[)'::text) WITH &&) WHERE ((status <> 'cancelled'::text));
ALTER TABLE appointments DROP CONSTRAINT appointments_no_room_overlap, ADD CONSTRAINT appointments_no_room_overlap
  EXCLUDE USING gist (organization_id WITH =, room_id WITH =, tstzrange(blocked_from, blocked_until, '[)'::text) WITH &&) WHERE (((status <> 'cancelled'::text) AND (room_id IS NOT NULL)));
ALTER TABLE appointments DROP CONSTRAINT appointments_pkey, ADD CONSTRAINT appointments_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey, ADD CONSTRAINT audit_events_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE checkin_photos DROP CONSTRAINT checkin_photos_checkin_id_key, ADD CONSTRAINT checkin_photos_checkin_id_key UNIQUE (organization_id, checkin_id);
ALTER TABLE checkin_photos DROP CONSTRAINT checkin_photos_pkey, ADD CONSTRAINT checkin_photos_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE checkin_responses DROP CONSTRAINT checkin_responses_appointment_id_day_key, ADD CONSTRAINT checkin_responses_appointment_id_day_key UNIQUE (organization_id, appointment_id, day);
ALTER TABLE checkin_responses DROP CONSTRAINT checkin_responses_id_client, ADD CONSTRAINT checkin_responses_id_client UNIQUE (organization_id, id, client_id);
ALTER TABLE checkin_responses DROP CONSTRAINT checkin_responses_pkey, ADD CONSTRAINT checkin_responses_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE client_health_notes DROP CONSTRAINT client_health_notes_pkey, ADD CONSTRAINT client_health_notes_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE client_login_requests DROP CONSTRAINT client_login_requests_pkey, ADD CONSTRAINT client_login_requests_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE client_login_tokens DROP CONSTRAINT client_login_tokens_pkey, ADD CONSTRAINT client_login_tokens_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE client_login_tokens DROP CONSTRAINT client_login_tokens_token_hash_key, ADD CONSTRAINT client_login_tokens_token_hash_key UNIQUE (organization_id, token_hash);
ALTER TABLE client_record_locks DROP CONSTRAINT client_record_locks_pkey, ADD CONSTRAINT client_record_locks_pkey PRIMARY KEY (organization_id, client_id);
ALTER TABLE client_screenings DROP CONSTRAINT client_screenings_pkey, ADD CONSTRAINT client_screenings_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE client_sessions DROP CONSTRAINT client_sessions_pkey, ADD CONSTRAINT client_sessions_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE client_sessions DROP CONSTRAINT client_sessions_token_hash_key, ADD CONSTRAINT client_sessions_token_hash_key UNIQUE (organization_id, token_hash);
ALTER TABLE clients DROP CONSTRAINT clients_pkey, ADD CONSTRAINT clients_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE clinic_devices DROP CONSTRAINT clinic_devices_pkey, ADD CONSTRAINT clinic_devices_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE consent_forms DROP CONSTRAINT consent_forms_pkey, ADD CONSTRAINT consent_forms_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE consent_signatures DROP CONSTRAINT consent_signatures_pkey, ADD CONSTRAINT consent_signatures_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE content_documents DROP CONSTRAINT content_documents_pkey, ADD CONSTRAINT content_documents_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE content_revisions DROP CONSTRAINT content_revisions_document_id_number_key, ADD CONSTRAINT content_revisions_document_id_number_key UNIQUE (organization_id, document_id, number);
ALTER TABLE content_revisions DROP CONSTRAINT content_revisions_pkey, ADD CONSTRAINT content_revisions_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE desk_handovers DROP CONSTRAINT desk_handovers_pkey, ADD CONSTRAINT desk_handovers_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE desk_handovers DROP CONSTRAINT desk_handovers_token_sha256_key, ADD CONSTRAINT desk_handovers_token_sha256_key UNIQUE (organization_id, token_sha256);
ALTER TABLE eligibility_reminders DROP CONSTRAINT eligibility_reminders_pkey, ADD CONSTRAINT eligibility_reminders_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_checkin_id_key, ADD CONSTRAINT follow_ups_checkin_id_key UNIQUE (organization_id, checkin_id);
ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_pkey, ADD CONSTRAINT follow_ups_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE locations DROP CONSTRAINT locations_pkey, ADD CONSTRAINT locations_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE media_assets DROP CONSTRAINT media_assets_pkey, ADD CONSTRAINT media_assets_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE media_variants DROP CONSTRAINT media_variants_pkey, ADD CONSTRAINT media_variants_pkey PRIMARY KEY (organization_id, asset_id, file);
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_pkey, ADD CONSTRAINT outbox_messages_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE pending_self_checks DROP CONSTRAINT pending_self_checks_pkey, ADD CONSTRAINT pending_self_checks_pkey PRIMARY KEY (organization_id, token_hash);
ALTER TABLE plan_glides DROP CONSTRAINT plan_glides_pkey, ADD CONSTRAINT plan_glides_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE plan_numbing_products DROP CONSTRAINT plan_numbing_products_pkey, ADD CONSTRAINT plan_numbing_products_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE plan_products DROP CONSTRAINT plan_products_pkey, ADD CONSTRAINT plan_products_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE practitioner_exceptions DROP CONSTRAINT practitioner_exceptions_pkey, ADD CONSTRAINT practitioner_exceptions_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE practitioner_exceptions DROP CONSTRAINT practitioner_exceptions_practitioner_id_date_key, ADD CONSTRAINT practitioner_exceptions_practitioner_id_date_key UNIQUE (organization_id, practitioner_id, date);
ALTER TABLE practitioner_hours DROP CONSTRAINT practitioner_hours_pkey, ADD CONSTRAINT practitioner_hours_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE practitioner_services DROP CONSTRAINT practitioner_services_pkey, ADD CONSTRAINT practitioner_services_pkey PRIMARY KEY (organization_id, practitioner_id, service_id);
ALTER TABLE practitioners DROP CONSTRAINT practitioners_pkey, ADD CONSTRAINT practitioners_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE record_correction_requests DROP CONSTRAINT record_correction_requests_pkey, ADD CONSTRAINT record_correction_requests_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE request_limit_hits DROP CONSTRAINT request_limit_hits_pkey, ADD CONSTRAINT request_limit_hits_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE rooms DROP CONSTRAINT rooms_pkey, ADD CONSTRAINT rooms_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE scheduled_jobs DROP CONSTRAINT scheduled_jobs_pkey, ADD CONSTRAINT scheduled_jobs_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE screening_reviews DROP CONSTRAINT screening_reviews_pkey, ADD CONSTRAINT screening_reviews_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE service_prices DROP CONSTRAINT service_prices_pkey, ADD CONSTRAINT service_prices_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE service_prices DROP CONSTRAINT service_prices_service_id_effective_from_key, ADD CONSTRAINT service_prices_service_id_effective_from_key UNIQUE (organization_id, service_id, effective_from);
ALTER TABLE services DROP CONSTRAINT services_pkey, ADD CONSTRAINT services_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE session_chart_addenda DROP CONSTRAINT session_chart_addenda_pkey, ADD CONSTRAINT session_chart_addenda_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE session_chart_lots DROP CONSTRAINT session_chart_lots_pkey, ADD CONSTRAINT session_chart_lots_pkey PRIMARY KEY (organization_id, chart_id, lot_id);
ALTER TABLE session_charts DROP CONSTRAINT session_charts_appointment_id_key, ADD CONSTRAINT session_charts_appointment_id_key UNIQUE (organization_id, appointment_id);
ALTER TABLE session_charts DROP CONSTRAINT session_charts_pkey, ADD CONSTRAINT session_charts_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE skin_photos DROP CONSTRAINT skin_photos_pkey, ADD CONSTRAINT skin_photos_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE staff_invitations DROP CONSTRAINT staff_invitations_pkey, ADD CONSTRAINT staff_invitations_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE staff_invitations DROP CONSTRAINT staff_invitations_token_hash_key, ADD CONSTRAINT staff_invitations_token_hash_key UNIQUE (organization_id, token_hash);
ALTER TABLE staff_members DROP CONSTRAINT staff_members_pkey, ADD CONSTRAINT staff_members_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE supply_lots DROP CONSTRAINT supply_lots_pkey, ADD CONSTRAINT supply_lots_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE time_off DROP CONSTRAINT time_off_pkey, ADD CONSTRAINT time_off_pkey PRIMARY KEY (organization_id, id);
ALTER TABLE treatment_plan_acceptances DROP CONSTRAINT treatment_plan_acceptances_pkey, ADD CONSTRAINT treatment_plan_acceptances_pkey PRIMARY KEY (organization_id, plan_id, version);
ALTER TABLE treatment_plan_versions DROP CONSTRAINT treatment_plan_versions_pkey, ADD CONSTRAINT treatment_plan_versions_pkey PRIMARY KEY (organization_id, plan_id, version);
ALTER TABLE treatment_plans DROP CONSTRAINT treatment_plans_pkey, ADD CONSTRAINT treatment_plans_pkey PRIMARY KEY (organization_id, id);

-- 3. Partial unique indexes.
DROP INDEX appointments_plan_session_once;
CREATE UNIQUE INDEX appointments_plan_session_once ON appointments (organization_id, plan_id, plan_session) WHERE ((plan_id IS NOT NULL) AND (status = ANY (ARRAY['booked'::text, 'completed'::text])));
DROP INDEX treatment_plan_versions_accepted;
CREATE UNIQUE INDEX treatment_plan_versions_accepted ON treatment_plan_versions (organization_id, plan_id) WHERE (status = 'accepted'::text);
DROP INDEX treatment_plan_versions_open;
CREATE UNIQUE INDEX treatment_plan_versions_open ON treatment_plan_versions (organization_id, plan_id) WHERE (status = ANY (ARRAY['draft'::text, 'proposed'::text]));

-- 4. The foreign keys again, organization_id on both sides, each with its own ON DELETE.
ALTER TABLE aftercare_snapshots ADD CONSTRAINT aftercare_snapshots_appointment_id_fkey
  FOREIGN KEY (organization_id, appointment_id) REFERENCES appointments (organization_id, id) ON DELETE CASCADE;
ALTER TABLE appointments ADD CONSTRAINT appointments_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id);
ALTER TABLE appointments ADD CONSTRAINT appointments_location_id_fkey
  FOREIGN KEY (organization_id, location_id) REFERENCES locations (organization_id, id);
ALTER TABLE appointments ADD CONSTRAINT appointments_plan_id_fkey
  FOREIGN KEY (organization_id, plan_id) REFERENCES treatment_plans (organization_id, id) ON DELETE SET NULL (plan_id);
ALTER TABLE appointments ADD CONSTRAINT appointments_practitioner_id_fkey
  FOREIGN KEY (organization_id, practitioner_id) REFERENCES practitioners (organization_id, id);
ALTER TABLE appointments ADD CONSTRAINT appointments_room_id_fkey
  FOREIGN KEY (organization_id, room_id) REFERENCES rooms (organization_id, id);
ALTER TABLE appointments ADD CONSTRAINT appointments_service_id_fkey
  FOREIGN KEY (organization_id, service_id) REFERENCES services (organization_id, id);
ALTER TABLE checkin_photos ADD CONSTRAINT checkin_photos_checkin_id_client_id_fkey
  FOREIGN KEY (organization_id, checkin_id, client_id) REFERENCES checkin_responses (organization_id, id, client_id) ON DELETE CASCADE;
ALTER TABLE checkin_photos ADD CONSTRAINT checkin_photos_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE checkin_responses ADD CONSTRAINT checkin_responses_appointment_id_fkey
  FOREIGN KEY (organization_id, appointment_id) REFERENCES appointments (organization_id, id) ON DELETE CASCADE;
ALTER TABLE checkin_responses ADD CONSTRAINT checkin_responses_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE client_health_notes ADD CONSTRAINT client_health_notes_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE client_login_tokens ADD CONSTRAINT client_login_tokens_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE client_record_locks ADD CONSTRAINT client_record_locks_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE client_screenings ADD CONSTRAINT client_screenings_appointment_id_fkey
  FOREIGN KEY (organization_id, appointment_id) REFERENCES appointments (organization_id, id) ON DELETE SET NULL (appointment_id);
ALTER TABLE client_screenings ADD CONSTRAINT client_screenings_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE client_sessions ADD CONSTRAINT client_sessions_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE consent_signatures ADD CONSTRAINT consent_signatures_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE consent_signatures ADD CONSTRAINT consent_signatures_form_id_fkey
  FOREIGN KEY (organization_id, form_id) REFERENCES consent_forms (organization_id, id);
ALTER TABLE content_documents ADD CONSTRAINT content_documents_published_revision_id_fkey
  FOREIGN KEY (organization_id, published_revision_id) REFERENCES content_revisions (organization_id, id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE content_documents ADD CONSTRAINT content_documents_scheduled_revision_id_fkey
  FOREIGN KEY (organization_id, scheduled_revision_id) REFERENCES content_revisions (organization_id, id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE content_documents ADD CONSTRAINT content_documents_working_revision_id_fkey
  FOREIGN KEY (organization_id, working_revision_id) REFERENCES content_revisions (organization_id, id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE content_revisions ADD CONSTRAINT content_revisions_cover_asset_id_fkey
  FOREIGN KEY (organization_id, cover_asset_id) REFERENCES media_assets (organization_id, id);
ALTER TABLE content_revisions ADD CONSTRAINT content_revisions_document_id_fkey
  FOREIGN KEY (organization_id, document_id) REFERENCES content_documents (organization_id, id) ON DELETE CASCADE;
ALTER TABLE content_revisions ADD CONSTRAINT content_revisions_restored_from_revision_id_fkey
  FOREIGN KEY (organization_id, restored_from_revision_id) REFERENCES content_revisions (organization_id, id);
ALTER TABLE desk_handovers ADD CONSTRAINT desk_handovers_appointment_id_fkey
  FOREIGN KEY (organization_id, appointment_id) REFERENCES appointments (organization_id, id) ON DELETE CASCADE;
ALTER TABLE desk_handovers ADD CONSTRAINT desk_handovers_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_appointment_id_fkey
  FOREIGN KEY (organization_id, appointment_id) REFERENCES appointments (organization_id, id) ON DELETE CASCADE;
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_checkin_id_fkey
  FOREIGN KEY (organization_id, checkin_id) REFERENCES checkin_responses (organization_id, id) ON DELETE CASCADE;
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE media_variants ADD CONSTRAINT media_variants_asset_id_fkey
  FOREIGN KEY (organization_id, asset_id) REFERENCES media_assets (organization_id, id) ON DELETE CASCADE;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_appointment_id_fkey
  FOREIGN KEY (organization_id, appointment_id) REFERENCES appointments (organization_id, id);
ALTER TABLE pending_self_checks ADD CONSTRAINT pending_self_checks_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE practitioner_exceptions ADD CONSTRAINT practitioner_exceptions_practitioner_id_fkey
  FOREIGN KEY (organization_id, practitioner_id) REFERENCES practitioners (organization_id, id) ON DELETE CASCADE;
ALTER TABLE practitioner_hours ADD CONSTRAINT practitioner_hours_practitioner_id_fkey
  FOREIGN KEY (organization_id, practitioner_id) REFERENCES practitioners (organization_id, id) ON DELETE CASCADE;
ALTER TABLE practitioner_services ADD CONSTRAINT practitioner_services_practitioner_id_fkey
  FOREIGN KEY (organization_id, practitioner_id) REFERENCES practitioners (organization_id, id) ON DELETE CASCADE;
ALTER TABLE practitioner_services ADD CONSTRAINT practitioner_services_service_id_fkey
  FOREIGN KEY (organization_id, service_id) REFERENCES services (organization_id, id) ON DELETE CASCADE;
ALTER TABLE practitioners ADD CONSTRAINT practitioners_location_id_fkey
  FOREIGN KEY (organization_id, location_id) REFERENCES locations (organization_id, id);
ALTER TABLE record_correction_requests ADD CONSTRAINT record_correction_requests_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE rooms ADD CONSTRAINT rooms_location_id_fkey
  FOREIGN KEY (organization_id, location_id) REFERENCES locations (organization_id, id);
ALTER TABLE scheduled_jobs ADD CONSTRAINT scheduled_jobs_appointment_id_fkey
  FOREIGN KEY (organization_id, appointment_id) REFERENCES appointments (organization_id, id) ON DELETE CASCADE;
ALTER TABLE screening_reviews ADD CONSTRAINT screening_reviews_screening_id_fkey
  FOREIGN KEY (organization_id, screening_id) REFERENCES client_screenings (organization_id, id) ON DELETE CASCADE;
ALTER TABLE service_prices ADD CONSTRAINT service_prices_service_id_fkey
  FOREIGN KEY (organization_id, service_id) REFERENCES services (organization_id, id) ON DELETE CASCADE;
ALTER TABLE session_chart_addenda ADD CONSTRAINT session_chart_addenda_chart_id_fkey
  FOREIGN KEY (organization_id, chart_id) REFERENCES session_charts (organization_id, id) ON DELETE CASCADE;
ALTER TABLE session_chart_lots ADD CONSTRAINT session_chart_lots_chart_id_fkey
  FOREIGN KEY (organization_id, chart_id) REFERENCES session_charts (organization_id, id) ON DELETE CASCADE;
ALTER TABLE session_chart_lots ADD CONSTRAINT session_chart_lots_lot_id_fkey
  FOREIGN KEY (organization_id, lot_id) REFERENCES supply_lots (organization_id, id);
ALTER TABLE session_charts ADD CONSTRAINT session_charts_appointment_id_fkey
  FOREIGN KEY (organization_id, appointment_id) REFERENCES appointments (organization_id, id) ON DELETE CASCADE;
ALTER TABLE session_charts ADD CONSTRAINT session_charts_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE session_charts ADD CONSTRAINT session_charts_device_id_fkey
  FOREIGN KEY (organization_id, device_id) REFERENCES clinic_devices (organization_id, id);
ALTER TABLE session_charts ADD CONSTRAINT session_charts_plan_id_fkey
  FOREIGN KEY (organization_id, plan_id) REFERENCES treatment_plans (organization_id, id) ON DELETE CASCADE;
ALTER TABLE skin_photos ADD CONSTRAINT skin_photos_appointment_id_fkey
  FOREIGN KEY (organization_id, appointment_id) REFERENCES appointments (organization_id, id);
ALTER TABLE skin_photos ADD CONSTRAINT skin_photos_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE skin_photos ADD CONSTRAINT skin_photos_plan_id_fkey
  FOREIGN KEY (organization_id, plan_id) REFERENCES treatment_plans (organization_id, id) ON DELETE SET NULL (plan_id);
ALTER TABLE staff_invitations ADD CONSTRAINT staff_invitations_practitioner_id_fkey
  FOREIGN KEY (organization_id, practitioner_id) REFERENCES practitioners (organization_id, id) ON DELETE SET NULL (practitioner_id);
ALTER TABLE staff_members ADD CONSTRAINT staff_members_practitioner_id_fkey
  FOREIGN KEY (organization_id, practitioner_id) REFERENCES practitioners (organization_id, id);
ALTER TABLE time_off ADD CONSTRAINT time_off_practitioner_id_fkey
  FOREIGN KEY (organization_id, practitioner_id) REFERENCES practitioners (organization_id, id) ON DELETE CASCADE;
ALTER TABLE treatment_plan_acceptances ADD CONSTRAINT treatment_plan_acceptances_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
ALTER TABLE treatment_plan_acceptances ADD CONSTRAINT treatment_plan_acceptances_plan_id_version_fkey
  FOREIGN KEY (organization_id, plan_id, version) REFERENCES treatment_plan_versions (organization_id, plan_id, version) ON DELETE CASCADE;
ALTER TABLE treatment_plan_versions ADD CONSTRAINT treatment_plan_versions_plan_id_fkey
  FOREIGN KEY (organization_id, plan_id) REFERENCES treatment_plans (organization_id, id) ON DELETE CASCADE;
ALTER TABLE treatment_plan_versions ADD CONSTRAINT treatment_plan_versions_practitioner_id_fkey
  FOREIGN KEY (organization_id, practitioner_id) REFERENCES practitioners (organization_id, id);
ALTER TABLE treatment_plan_versions ADD CONSTRAINT treatment_plan_versions_service_id_fkey
  FOREIGN KEY (organization_id, service_id) REFERENCES services (organization_id, id);
ALTER TABLE treatment_plans ADD CONSTRAINT treatment_plans_client_id_fkey
  FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id) ON DELETE CASCADE;
