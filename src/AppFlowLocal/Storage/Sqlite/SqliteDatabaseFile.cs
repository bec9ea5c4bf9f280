using Microsoft.Data.Sqlite;

namespace AppFlowLocal.Storage.Sqlite;

/// <summary>
/// Checks the database file before the server opens it. Opening is not harmless: SQLite creates -wal
/// and -shm files next to whatever it is given, and the server switches the journal to WAL and
/// creates its tables. A wrong path (a log file, another application's database, a typo into a system
/// folder) must be refused while it is still untouched.
/// </summary>
internal static class SqliteDatabaseFile
{
    // The first 16 bytes of every SQLite 3 database (https://www.sqlite.org/fileformat.html#magic_header_string).
    private static ReadOnlySpan<byte> Magic => "SQLite format 3\0"u8;

    private const int HeaderLength = 100;

    /// <summary>
    /// Throws <see cref="UnusableDatabaseException"/> unless <paramref name="dataSource"/> is a SQLite
    /// database, or an empty or missing file this process can create. Creates the folder and an empty
    /// file, which SQLite takes as a new database.
    /// </summary>
    public static void EnsureUsable(string dataSource)
    {
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return;
        }

        var path = Path.GetFullPath(dataSource);
        if (Directory.Exists(path))
        {
            throw new UnusableDatabaseException(path, "is a folder, not a database file");
        }

        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UnusableDatabaseException(path, $"its folder cannot be created: {Reason(e)}");
            }
        }

        var header = new byte[HeaderLength];
        var exists = File.Exists(path);
        int read;
        try
        {
            // OpenOrCreate without truncation: an existing file is only read, a missing one is created
            // empty, as SQLite would. Read and write access both, because the server writes.
            using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            read = file.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnusableDatabaseException(path,
                exists ? $"cannot be opened for reading and writing: {Reason(e)}" : $"cannot be created: {Reason(e)}");
        }

        if (read == 0)
        {
            return;
        }

        if (read < HeaderLength || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic) || !HasSaneLayout(header))
        {
            throw new UnusableDatabaseException(path,
                "is not a SQLite database (it does not start with a SQLite 3 header); it was left untouched");
        }

        // With a -wal or -shm file present, another server has this database open (or one stopped
        // without cleaning up, and its WAL must be recovered): SQLite's own open creates nothing new
        // then, and reading the file under a live writer as immutable could see a page mid-write.
        if (!File.Exists(path + "-wal") && !File.Exists(path + "-shm"))
        {
            ReadSchema(path);
        }
    }

    /// <summary>
    /// Reads the schema the way nothing can be written: immutable=1 tells SQLite the file cannot change,
    /// so it takes no locks and opens no -wal or -shm file. A database whose first page (the schema) is
    /// damaged fails here, before the server's own connection would create those files next to it.
    /// Only the schema is read, not every page: start-up stays fast on a large database. Tables without
    /// a schema version are another application's: the server's first migration sets the version in the
    /// transaction that creates its tables.
    /// </summary>
    private static void ReadSchema(string path)
    {
        var readOnly = new SqliteConnectionStringBuilder
        {
            DataSource = $"{new Uri(path).AbsoluteUri}?immutable=1",
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        long objects, version;
        try
        {
            using var connection = new SqliteConnection(readOnly.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM sqlite_schema), (SELECT user_version FROM pragma_user_version);";
            using var reader = command.ExecuteReader();
            reader.Read();
            (objects, version) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (SqliteException e)
        {
            throw new UnusableDatabaseException(path, $"is damaged ({e.Message.TrimEnd('.')}); it was left untouched");
        }

        if (objects > 0 && version == 0)
        {
            throw new UnusableDatabaseException(path,
                "is another application's SQLite database (it has tables but no AppFlow Local schema version); it was left untouched");
        }
    }

    private static string Reason(Exception exception) => exception.Message.TrimEnd('.');

    /// <summary>
    /// The header fields SQLite itself insists on (fileformat.html, "The Database Header"): a page size
    /// that is a power of two from 512 to 65536 (1 meaning 65536) and the fixed payload fractions 64/32/32.
    /// A file that starts with the magic but fails these is damaged beyond what SQLite would open.
    /// </summary>
    private static bool HasSaneLayout(ReadOnlySpan<byte> header)
    {
        var pageSize = (header[16] << 8) | header[17];
        var validPageSize = pageSize == 1 || (pageSize >= 512 && (pageSize & (pageSize - 1)) == 0);
        return validPageSize && header[21] == 64 && header[22] == 32 && header[23] == 32;
    }
}
