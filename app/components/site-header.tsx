import { Form, Link } from "@remix-run/react";
import type { StaffRole } from "~/auth/roles";
import { useT } from "~/i18n/use-t";
import { CsrfInput } from "./csrf-input";
import { LanguageSwitch } from "./language-switch";

interface StaffNavUser {
  email: string;
  role: StaffRole;
}

/** Public header, or the staff navigation when a staff member is signed in. */
export function SiteHeader({ staff }: { staff?: StaffNavUser | null }) {
  const { t } = useT();
  return (
    <header className="site-header">
      <nav aria-label={staff ? "Staff" : t("site.nav.main")}>
        <Link className="brand" to={staff ? "/staff" : "/"}>
          Démarche
        </Link>
        {staff ? (
          <>
            <Link to="/staff">Dashboard</Link>
            <Link to="/staff/contacts">Contacts</Link>
            <Link to="/staff/tokens">API tokens</Link>
            {staff.role === "admin" ? (
              <>
                <Link to="/staff/users">Staff accounts</Link>
                <Link to="/staff/audit">Audit log</Link>
                <Link to="/staff/outbox">Outbox</Link>
              </>
            ) : null}
            <Link to="/staff/account">Your account</Link>
            <span>
              {staff.email} ({staff.role})
            </span>
            <Form method="post" action="/staff/sign-out">
              <CsrfInput />
              <button type="submit">Sign out</button>
            </Form>
          </>
        ) : (
          <Link to="/staff">{t("site.nav.staff")}</Link>
        )}
      </nav>
      {staff ? null : <LanguageSwitch />}
    </header>
  );
}
