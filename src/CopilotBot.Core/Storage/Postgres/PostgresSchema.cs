namespace CopilotBot.Core.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema as an ordered list of migrations; the <c>schema_version</c> table records the ones applied.
/// Append new migrations, never edit applied ones: databases in the field have run them.
/// </summary>
internal static class PostgresSchema
{
    // Ids and emails are COLLATE "C" so that ORDER BY sorts them ordinally, as SQLite and the contract do, whatever
    // the database's default collation. There are no foreign keys: the portfolio is only ever written whole by
    // PostgresPortfolioStore.ReplacePortfolioAsync, which checks every reference with one set-based query, where
    // per-row foreign key triggers would more than double the time of a large import. Decimals are numeric
    // (exact, scale kept), dates date, enums their format text, products a text array.
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE import_info (
            id integer PRIMARY KEY CHECK (id = 1),
            imported_at timestamptz NOT NULL);

        CREATE TABLE users (
            email text COLLATE "C" PRIMARY KEY,
            name text NOT NULL,
            role text NOT NULL,
            manager_email text COLLATE "C",
            aad_object_id text);

        CREATE TABLE accounts (
            account_id text COLLATE "C" PRIMARY KEY,
            name text NOT NULL,
            industry text,
            segment text,
            adoption_stage text,
            csm_email text COLLATE "C" NOT NULL,
            sales_email text COLLATE "C",
            arr numeric NOT NULL,
            currency text NOT NULL,
            contract_start date,
            renewal_date date NOT NULL,
            licensed_seats integer NOT NULL CHECK (licensed_seats > 0),
            products text[] NOT NULL);
        CREATE INDEX ix_accounts_csm_email ON accounts (csm_email);
        CREATE INDEX ix_accounts_sales_email ON accounts (sales_email);

        CREATE TABLE contacts (
            contact_id text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL,
            name text NOT NULL,
            title text,
            email text,
            role text,
            sentiment text,
            last_contact_date date,
            status text NOT NULL,
            left_date date);
        CREATE INDEX ix_contacts_account_id ON contacts (account_id);

        CREATE TABLE usage (
            account_id text COLLATE "C" NOT NULL,
            week_start date NOT NULL,
            active_users integer NOT NULL,
            sessions integer,
            feature_adoption_pct numeric,
            PRIMARY KEY (account_id, week_start));

        CREATE TABLE tickets (
            ticket_id text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL,
            opened_date date NOT NULL,
            closed_date date,
            priority text NOT NULL,
            category text,
            status text NOT NULL,
            subject text NOT NULL);
        CREATE INDEX ix_tickets_account_id ON tickets (account_id);

        CREATE TABLE surveys (
            survey_id text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL,
            contact_id text COLLATE "C",
            date date NOT NULL,
            type text NOT NULL,
            score integer NOT NULL,
            comment text);
        CREATE INDEX ix_surveys_account_id ON surveys (account_id);

        CREATE TABLE interactions (
            interaction_id text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL,
            date date NOT NULL,
            type text NOT NULL,
            author_email text,
            summary text NOT NULL);
        CREATE INDEX ix_interactions_account_id ON interactions (account_id);

        CREATE TABLE outcomes (
            outcome_id text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL,
            goal text NOT NULL,
            metric text,
            baseline numeric,
            target numeric,
            current numeric,
            unit text,
            due_date date,
            status text NOT NULL);
        CREATE INDEX ix_outcomes_account_id ON outcomes (account_id);
        """,

        // The bot's state, shared by every instance behind one load balancer.
        """
        CREATE TABLE conversation_reference (
            channel_id text NOT NULL,
            conversation_id text NOT NULL,
            service_url text NOT NULL,
            user_email text,
            reference_json text NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (channel_id, conversation_id));
        CREATE INDEX ix_conversation_reference_user ON conversation_reference (lower(user_email));

        CREATE TABLE conversation_context (
            channel_id text NOT NULL,
            conversation_id text NOT NULL,
            last_account_id text NOT NULL,
            PRIMARY KEY (channel_id, conversation_id));
        """,

        // The reply outbox, shared so that any instance sends what another recorded (PostgresPendingReplyStore).
        // Both indexes cover pending rows only: delivered ones pile up until purged and are never searched.
        """
        CREATE TABLE pending_reply (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            conversation_key text NOT NULL,
            payload text NOT NULL,
            state integer NOT NULL,
            attempts integer NOT NULL,
            created_at timestamptz NOT NULL,
            next_attempt_at timestamptz NOT NULL,
            lease_until timestamptz,
            last_error text);
        CREATE INDEX ix_pending_reply_conversation ON pending_reply (conversation_key, id) WHERE state = 0;
        CREATE INDEX ix_pending_reply_due ON pending_reply (next_attempt_at) WHERE state = 0;
        """,

        // Alert state (PostgresAlertStore): apart from the portfolio tables, which every import replaces.
        """
        CREATE TABLE alert_snapshot (
            account_id text COLLATE "C" PRIMARY KEY,
            as_of date NOT NULL,
            score integer NOT NULL,
            band text NOT NULL,
            flags jsonb NOT NULL,
            signals jsonb NOT NULL);

        CREATE TABLE alert (
            key text COLLATE "C" PRIMARY KEY,
            account_id text COLLATE "C" NOT NULL,
            account_name text NOT NULL,
            kind text NOT NULL,
            subject text NOT NULL,
            title text NOT NULL,
            summary text NOT NULL,
            evidence jsonb NOT NULL,
            recipients jsonb NOT NULL,
            as_of date NOT NULL,
            raised_at timestamptz NOT NULL,
            snoozed_until timestamptz,
            snoozed_by text,
            handled_at timestamptz,
            handled_by text,
            resolved_at timestamptz);
        CREATE INDEX ix_alert_account ON alert (account_id);

        -- Recipients are e-mail addresses, unique whatever their case (SQLite's COLLATE NOCASE).
        CREATE TABLE alert_delivery (
            key text COLLATE "C" NOT NULL REFERENCES alert (key) ON DELETE CASCADE,
            recipient text NOT NULL,
            delivered_at timestamptz NOT NULL);
        CREATE UNIQUE INDEX ux_alert_delivery ON alert_delivery (key, lower(recipient));

        CREATE TABLE digest_sent (
            recipient text NOT NULL,
            kind text NOT NULL,
            period date NOT NULL,
            sent_at timestamptz NOT NULL);
        CREATE UNIQUE INDEX ux_digest_sent ON digest_sent (lower(recipient), kind, period);
        """,

        // The turn inbox (PostgresInboundActivityStore): acknowledged activities not handled yet, claimed by any instance.
        """
        CREATE TABLE inbound_activity (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            payload text NOT NULL,
            received_at timestamptz NOT NULL,
            attempts integer NOT NULL,
            lease_until timestamptz);
        """,

        // A conversation remembers more than its last account (the last list, intent and filter): the copilot's state
        // as JSON. The last accounts kept so far are carried over as the state they mean.
        """
        CREATE TABLE conversation_state (
            channel_id text NOT NULL,
            conversation_id text NOT NULL,
            state_json text NOT NULL,
            PRIMARY KEY (channel_id, conversation_id));
        INSERT INTO conversation_state (channel_id, conversation_id, state_json)
            SELECT channel_id, conversation_id, json_build_object('AccountId', last_account_id)::text FROM conversation_context;
        DROP TABLE conversation_context;
        """,

        // Answers the bot posted and the feedback on them (PostgresAnswerFeedbackStore).
        """
        CREATE TABLE answer (
            answer_id text PRIMARY KEY,
            channel_id text NOT NULL,
            conversation_id text NOT NULL,
            activity_id text,
            kind text NOT NULL,
            account_id text,
            user_email text NOT NULL,
            sent_at timestamptz NOT NULL);
        CREATE INDEX ix_answer_activity ON answer (channel_id, conversation_id, activity_id);
        CREATE TABLE answer_feedback (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            answer_id text,
            kind text NOT NULL,
            account_id text,
            user_email text NOT NULL,
            reaction text NOT NULL,
            comment text,
            channel_id text NOT NULL,
            given_at timestamptz NOT NULL);
        """,
    ];

    /// <summary>The schema version this build writes: the number of migrations.</summary>
    public static int CurrentVersion => Migrations.Count;
}
