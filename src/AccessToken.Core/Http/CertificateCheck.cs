using System.Collections.Generic;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// The server certificate check: exactly the platform's verdict, with the reason kept on the
    /// request when it fails, so the error can say why (an untrusted root, a name that does not
    /// match) instead of only that the connection failed.
    /// </summary>
    internal static class CertificateCheck
    {
        public static bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None) return true;
            if (request is LosantRequest losant) losant.Options.CertificateProblem = Describe(certificate, chain, errors);
            return false;
        }

        private static string Describe(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            var reasons = new List<string>();
            if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) reasons.Add("the server sent no certificate");
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) reasons.Add("the certificate is not for this host name");
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                var statuses = new List<string>();
                if (chain != null)
                {
                    foreach (var status in chain.ChainStatus)
                    {
                        var text = status.Status.ToString();
                        if (!statuses.Contains(text)) statuses.Add(text);
                    }
                }

                reasons.Add("its chain does not validate" + (statuses.Count > 0 ? " (" + string.Join(", ", statuses) + ")" : string.Empty));
            }

            var subject = certificate == null ? "The server's certificate" : $"The server's certificate '{certificate.Subject}'";
            return subject + " is not trusted: " + string.Join("; ", reasons) + ".";
        }
    }
}
