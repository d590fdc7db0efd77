using System;
using System.Runtime.InteropServices;
using System.Security;

namespace Losant.AccessTokens.Http
{
    /// <summary>Opens a <see cref="SecureString"/> for the one moment a request, or a proxy setting's key, needs its characters.</summary>
    internal static class SecretText
    {
        // The secret's characters exist only for the call, in an array cleared afterwards.
        public static T WithRevealed<T>(SecureString secret, Func<char[], T> use)
        {
            var characters = new char[secret.Length];
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                Marshal.Copy(pointer, characters, 0, characters.Length);
                return use(characters);
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                Array.Clear(characters, 0, characters.Length);
            }
        }

        public static string Reveal(SecureString secret)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
