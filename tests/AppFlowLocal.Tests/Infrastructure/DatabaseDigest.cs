using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// A hash of everything a server stores, schema and rows, read through a connection of the test's
/// own while the server runs. Two equal digests mean nothing stored changed in between.
/// </summary>
internal abstract class DatabaseDigest : IDisposable
{
    /// <summary>Rows read by the last <see cref="Compute"/>, to show the database stays small.</summary>
    public int LastRowCount { get; protected set; }

    public static DatabaseDigest OfSqlite(string databasePath) => new SqliteDatabaseDigest(databasePath);

    public static DatabaseDigest OfPostgres(string connectionString) => new PostgresDatabaseDigest(connectionString);

    public abstract string Compute();

    public abstract void Dispose();

    protected static void Append(IncrementalHash hash, string marker) => AppendWithLength(hash, Encoding.UTF8.GetBytes(marker));

    protected static void AppendWithLength(IncrementalHash hash, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, data.Length);
        hash.AppendData(length);
        hash.AppendData(data);
    }

    protected static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
