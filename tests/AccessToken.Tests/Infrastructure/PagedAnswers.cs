using System.Text;
using Losant.AccessTokens.Tests.Json;

namespace Losant.AccessTokens.Tests.Infrastructure;

/// <summary>Pages of today's API as a server sends them, for tests that script the server themselves.</summary>
public static class PagedAnswers
{
    /// <summary>
    /// A page body: the tokens numbered <paramref name="tokens"/> (ids as <see cref="TokenListReadingTests.Id"/>),
    /// <c>count</c>, and <c>totalCount</c> and <c>perPage</c> unless null.
    /// </summary>
    public static string Body(IEnumerable<int> tokens, long? totalCount, long? perPage = ListQuery.PageSize, int page = 0)
    {
        var items = tokens.Select(Token).ToArray();
        var body = new StringBuilder("{\"items\":[").AppendJoin(",", items).Append("],\"count\":").Append(items.Length);
        if (totalCount.HasValue) body.Append(",\"totalCount\":").Append(totalCount.Value);
        if (perPage.HasValue) body.Append(",\"perPage\":").Append(perPage.Value);
        return body.Append(",\"page\":").Append(page).Append(",\"sortField\":\"name\",\"sortDirection\":\"asc\"}").ToString();
    }

    /// <summary>Token <paramref name="index"/> in today's shape, with the id of <see cref="TokenListReadingTests.Id"/>.</summary>
    public static string Token(int index)
    {
        var id = TokenListReadingTests.Id(index);
        return "{\"id\":\"" + id + "\",\"apiTokenId\":\"" + id + "\",\"ownerId\":\"59f0000000000000000000aa\",\"ownerType\":\"user\",\"name\":\"Token " + index +
               "\",\"creationDate\":\"2020-01-01T00:00:00.000Z\",\"scope\":[\"all.User\"],\"status\":\"active\",\"_type\":\"apiToken\"}";
    }

    /// <summary>A whole 200 answer with <paramref name="body"/> as JSON.</summary>
    public static byte[] Ok(string body) => RawHttpServer.Response(200, "application/json", Encoding.UTF8.GetBytes(body));

    /// <summary>Page <paramref name="page"/> of a list of <paramref name="total"/> tokens numbered from 1, <paramref name="perPage"/> a page.</summary>
    public static byte[] Slice(int page, int total, int perPage = ListQuery.PageSize)
    {
        var first = page * perPage;
        return Ok(Body(Enumerable.Range(first + 1, Math.Max(0, Math.Min(perPage, total - first))), total, perPage, page));
    }

    /// <summary>The page a request asked for (-1 when none).</summary>
    public static int PageOf(RawRequest request) => EmulatorFixture.PageOf(request.Target);

    /// <summary>The ids of tokens <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static IEnumerable<string> Ids(int from, int to) => Enumerable.Range(from, to - from + 1).Select(TokenListReadingTests.Id);

    /// <summary>
    /// Completes <paramref name="arrived"/>, waits until the client hangs up the connection of this
    /// exchange (the read ends or fails), then completes <paramref name="hungUp"/>.
    /// </summary>
    public static async Task HoldUntilHangUpAsync(Stream stream, TaskCompletionSource arrived, TaskCompletionSource hungUp, CancellationToken cancel)
    {
        arrived.TrySetResult();
        var buffer = new byte[256];
        try
        {
            while (await stream.ReadAsync(buffer, cancel) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
        finally
        {
            if (!cancel.IsCancellationRequested) hungUp.TrySetResult();
        }
    }
}
