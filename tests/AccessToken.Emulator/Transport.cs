using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;

namespace AccessToken.Emulator;

/// <summary>
/// Counts connections and, in HTTPS mode, TLS handshakes that completed or failed, so a test can
/// prove how often a client tried (a client that rejects the certificate fails one handshake).
/// </summary>
public sealed class ConnectionStats
{
    private static readonly object HandshakeDone = new();

    private long _connections;
    private long _handshakesCompleted;
    private long _handshakesFailed;

    public bool Https { get; init; }

    /// <summary>Runs first on every accepted connection, before any TLS.</summary>
    public async Task CountConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        Interlocked.Increment(ref _connections);
        try
        {
            await next(connection);
        }
        finally
        {
            // The marker is set by the middleware behind TLS, which only a finished handshake reaches.
            if (Https && !connection.Items.ContainsKey(HandshakeDone))
            {
                Interlocked.Increment(ref _handshakesFailed);
            }
        }
    }

    /// <summary>Runs behind the TLS middleware: reaching it means the handshake completed.</summary>
    public Task CountHandshakeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        connection.Items[HandshakeDone] = HandshakeDone;
        Interlocked.Increment(ref _handshakesCompleted);
        return next(connection);
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _connections, 0);
        Interlocked.Exchange(ref _handshakesCompleted, 0);
        Interlocked.Exchange(ref _handshakesFailed, 0);
    }

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("https", Https);
        writer.WriteNumber("connections", Interlocked.Read(ref _connections));
        writer.WriteNumber("handshakesCompleted", Interlocked.Read(ref _handshakesCompleted));
        writer.WriteNumber("handshakesFailed", Interlocked.Read(ref _handshakesFailed));
        writer.WriteEndObject();
    }
}

/// <summary>The HTTPS mode's certificate, made fresh at every start and trusted by nobody.</summary>
public static class SelfSignedCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = ServerRequest(key);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        // A round trip through PKCS#12 gives a key that TLS can use on every platform (Windows
        // refuses the ephemeral key CreateSelfSigned leaves behind).
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The request of a TLS server certificate for localhost and 127.0.0.1, whoever signs it.</summary>
    internal static CertificateRequest ServerRequest(ECDsa key)
    {
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request;
    }
}

/// <summary>
/// The HTTPS mode's certificate issued by a test root of its own, as a company's TLS-inspecting
/// firewall issues them: trusted by a client only when told to trust the root (SSL_CERT_FILE).
/// Both are made fresh at every start; the root's key is dropped once the certificate is signed.
/// </summary>
public static class TestRootCertificate
{
    public static X509Certificate2 Create(out string rootPem)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=AccessToken Emulator Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using X509Certificate2 root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        rootPem = root.ExportCertificatePem();

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = SelfSignedCertificate.ServerRequest(key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        byte[] serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        using X509Certificate2 issued = request.Create(root, now.AddDays(-1), now.AddDays(29), serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        // The same PKCS#12 round trip as the self-signed certificate's, for the same reason.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
