using System.Buffers;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;

namespace AppFlowLocal.Storage.Sqlite;

/// <summary>
/// The database file as the server opened it, and whether its path still holds it. The server's
/// connections keep writing to the files they opened whatever happens to the path: after a deletion or
/// a rename they commit into an unlinked file the next start never sees, and over bytes another program
/// copied onto the file a checkpoint mixes two databases the next start refuses. A write is acknowledged
/// only while the path still holds what the connections write to (<see cref="SqliteGroupCommit"/>).
/// </summary>
/// <remarks>
/// Three looks, none a query: the path's device and inode against those at start-up, for the database and
/// for its -wal (commits live there until a checkpoint copies them over: a WAL removed takes them along);
/// and the page holding this database's own random secret (server_secrets, written once when the database
/// was made and never moved), read through a descriptor held since start-up, which another database's bytes
/// copied over this one do not hold. The descriptor is never closed while the store runs: closing any
/// descriptor of the file drops SQLite's locks on it (<see cref="FileIdentity"/>).
/// </remarks>
internal sealed class SqliteOpenedFile : IDisposable
{
    private readonly FileIdentity? database;
    private readonly FileIdentity? log;
    private readonly SafeFileHandle content;
    private readonly byte[] secret;
    private readonly long secretPageOffset;
    private readonly int pageSize;

    // Until the first checkpoint the secret's page is only in the WAL: nothing of the file to compare yet.
    private volatile bool secretInFile;

    private SqliteOpenedFile(string path, SafeFileHandle content, byte[] secret, long secretPageOffset, int pageSize)
    {
        Path = path;
        this.content = content;
        this.secret = secret;
        this.secretPageOffset = secretPageOffset;
        this.pageSize = pageSize;
        database = FileIdentity.Of(path);
        log = FileIdentity.Of(path + "-wal");
    }

    /// <summary>The database file, as an operator would look for it.</summary>
    public string Path { get; }

    /// <summary>
    /// Takes note of the file behind <paramref name="connection"/>, which has read it in WAL mode (so its
    /// -wal exists) and holds <paramref name="secret"/>. Null for a database without a file.
    /// </summary>
    public static async Task<SqliteOpenedFile?> NoteAsync(string dataSource, SqliteConnection connection, byte[] secret, CancellationToken cancellationToken)
    {
        if (!SqliteCommitWatch.HasFile(dataSource))
        {
            return null;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = 'server_secrets'), (SELECT page_size FROM pragma_page_size);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (page, pageSize) = (reader.GetInt64(0), reader.GetInt32(1));
        var path = System.IO.Path.GetFullPath(dataSource);
        var content = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var opened = new SqliteOpenedFile(path, content, secret, (page - 1) * pageSize, pageSize);
        opened.HoldsSecret();
        return opened;
    }

    /// <summary>What happened to the file since start-up ("was removed or renamed", ...), or null while the path holds it as the server left it.</summary>
    public string? Change()
    {
        if (database is not null && FileIdentity.Of(Path) is var now && now != database)
        {
            return now is null ? "was removed or renamed" : "was replaced (another file was moved or copied into its place)";
        }

        if (log is not null && FileIdentity.Of(Path + "-wal") is var logNow && logNow != log)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"lost its write-ahead log ({Path}-wal was {(logNow is null ? "removed" : "replaced")}, and with it the changes not yet copied into the database)");
        }

        return HoldsSecret() ? null : "was overwritten by another program (it no longer holds this database's pages)";
    }

    public void Dispose() => content.Dispose();

    private bool HoldsSecret()
    {
        var page = ArrayPool<byte>.Shared.Rent(pageSize);
        try
        {
            int read;
            try
            {
                read = RandomAccess.Read(content, page.AsSpan(0, pageSize), secretPageOffset);
            }
            catch (IOException)
            {
                return false;
            }

            var holds = page.AsSpan(0, read).IndexOf(secret) >= 0;
            if (!secretInFile)
            {
                secretInFile = holds;
                return true;
            }

            return holds;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(page);
        }
    }
}
