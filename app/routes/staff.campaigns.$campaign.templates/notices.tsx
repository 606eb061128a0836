export function Notices({ notice, message }: { notice: string | null; message: string | null }) {
  return (
    <>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {message ? (
        <p className="notice error" role="alert">
          {message}
        </p>
      ) : null}
    </>
  );
}
