using System.IO.Compression;
using System.Net.Http;
using System.Text;
using Losant.AccessTokens.Http;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Tests.Http;

/// <summary>Compressed answers are decoded whatever asked for them; what cannot be decoded is an invalid answer.</summary>
public sealed class ContentDecodingTests
{
    private const string Json = "{\"id\":\"5a0000000000000000000001\",\"name\":\"Fleet telemetry reader\"}";

    [Theory]
    [InlineData("gzip")]
    [InlineData("GZIP")]
    [InlineData("x-gzip")]
    [InlineData("deflate")]
    [InlineData("identity")]
    public async Task A_body_in_a_supported_encoding_reads_as_the_original_text(string encoding)
    {
        var content = Encoded(encoding, Encoding.UTF8.GetBytes(Json));

        Assert.Equal(Json, await ReadAsync(content));
    }

    [Fact]
    public async Task A_body_without_an_encoding_is_the_stream_itself()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Json));

        Assert.False(ContentDecoding.IsEncoded(content));
        Assert.Equal(Json, await ReadAsync(content));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("compress")]
    public async Task An_encoding_the_module_cannot_decode_is_an_invalid_answer_that_names_it(string encoding)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Json));
        content.Headers.ContentEncoding.Add(encoding);

        var failure = await Assert.ThrowsAsync<InvalidResponseException>(() => ContentDecoding.OpenAsync(content));
        Assert.Contains(encoding, failure.Message);
    }

    [Fact]
    public async Task A_body_encoded_twice_is_an_invalid_answer()
    {
        var content = Encoded("gzip", Encoding.UTF8.GetBytes(Json));
        content.Headers.ContentEncoding.Add("gzip");

        await Assert.ThrowsAsync<InvalidResponseException>(() => ContentDecoding.OpenAsync(content));
    }

    [Fact]
    public async Task Deflate_without_the_zlib_header_is_corrupt()
    {
        var raw = new MemoryStream();
        using (var deflate = new DeflateStream(raw, CompressionLevel.Fastest, leaveOpen: true)) deflate.Write(Encoding.UTF8.GetBytes(Json));
        var content = new ByteArrayContent(raw.ToArray());
        content.Headers.ContentEncoding.Add("deflate");

        await Assert.ThrowsAsync<InvalidDataException>(() => ContentDecoding.OpenAsync(content));
    }

    private static HttpContent Encoded(string encoding, byte[] body)
    {
        byte[] bytes;
        switch (encoding.ToLowerInvariant())
        {
            case "gzip" or "x-gzip":
                var gzipped = new MemoryStream();
                using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(body);
                bytes = gzipped.ToArray();
                break;
            case "deflate":
                var zlibbed = new MemoryStream();
                using (var zlib = new ZLibStream(zlibbed, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(body);
                bytes = zlibbed.ToArray();
                break;
            default:
                bytes = body;
                break;
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentEncoding.Add(encoding);
        return content;
    }

    private static async Task<string> ReadAsync(HttpContent content)
    {
        using var stream = await ContentDecoding.OpenAsync(content);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
