using System.IO.MemoryMappedFiles;

namespace AppFlowLocal.Storage.Sqlite;

/// <summary>
/// Tells, without a query or a file lock, whether anything has committed to the database since an
/// earlier look, by any connection of any process. In WAL mode every commit rewrites the WAL-index
/// header at the start of the database's <c>-shm</c> file (its change counter, last frame and
/// checksums), which every connection to the file maps shared; SQLite's own readers compare it the same
/// way to know whether their page cache is still good (https://sqlite.org/walformat.html, "The
/// WAL-Index Header"). The header is written twice, the second copy first: two copies that differ mean
/// a commit is being published, and that look answers nothing.
/// </summary>
internal sealed class SqliteCommitWatch : IDisposable
{
    // Two copies of the 48-byte WalIndexHdr; isInit is byte 12 of each.
    private const int HeaderSize = 48;
    private const int IsInitOffset = 12;

    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;

    private SqliteCommitWatch(MemoryMappedFile file, MemoryMappedViewAccessor view)
    {
        this.file = file;
        this.view = view;
    }

    /// <summary>
    /// Watches the database SQLite opens for <paramref name="dataSource"/>, or returns null when it has no WAL
    /// index to watch (an in-memory or temporary database, or one not in WAL mode). The caller keeps a
    /// connection to the database open for as long as it watches: an open connection holds the index's
    /// "in use" lock, so no process can delete the file or start it afresh under the mapping.
    /// </summary>
    public static SqliteCommitWatch? Open(string dataSource)
    {
        if (!HasFile(dataSource))
        {
            return null;
        }

        var indexPath = Path.GetFullPath(dataSource) + "-shm";
        if (!File.Exists(indexPath))
        {
            return null;
        }

        MemoryMappedFile? file = null;
        try
        {
            using var stream = new FileStream(indexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < 2 * HeaderSize)
            {
                return null;
            }

            // A header not yet written, or one being rewritten, is only a look that answers nothing (Look).
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            return new SqliteCommitWatch(file, file.CreateViewAccessor(0, 2 * HeaderSize, MemoryMappedFileAccess.Read));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            return null;
        }
    }

    /// <summary>False for SQLite's in-memory and temporary databases, which no other connection shares.</summary>
    public static bool HasFile(string dataSource) => !string.IsNullOrEmpty(dataSource) && !dataSource.StartsWith(':');

    /// <summary>The database's commit mark now, or null while a commit is being published (ask storage then).</summary>
    public CommitMark? Look()
    {
        var first = Read(0);
        Interlocked.MemoryBarrier();
        var second = Read(HeaderSize);
        return first == second && view.ReadByte(IsInitOffset) == 1 ? first : null;
    }

    public void Dispose()
    {
        view.Dispose();
        file.Dispose();
    }

    private CommitMark Read(long at) => new(
        view.ReadInt64(at), view.ReadInt64(at + 8), view.ReadInt64(at + 16),
        view.ReadInt64(at + 24), view.ReadInt64(at + 32), view.ReadInt64(at + 40));

    /// <summary>A WAL-index header's 48 bytes: equal marks mean no commit happened between the two looks.</summary>
    internal readonly record struct CommitMark(long A, long B, long C, long D, long E, long F);
}
