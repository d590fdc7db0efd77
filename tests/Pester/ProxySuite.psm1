# What the proxy suite (Proxy.Tests.ps1) works with: an emulator over HTTPS whose certificate is
# issued by a test root written to a file, one over plain HTTP, and three test proxies (two open,
# one asking for Basic credentials); and a fresh pwsh that trusts the test root through
# SSL_CERT_FILE, set for that process only, so that its requests go through CONNECT tunnels as
# they do to the real API.

Import-Module (Join-Path $PSScriptRoot '../../tools/PowerShellHost.psm1')
Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1')

# The proxy variables .NET and the module read; the suite sets them only where a test says.
$ProxyVariables = 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'

function Enter-ProxySuite {
    <# Starts the emulators and proxies with nothing from the developer's environment, and sets in the calling script's scope what the tests read: $Https, $Http, $Open, $Guarded, $Second, $Proxies, $HttpsTarget, $GetCommand, and the secrets $ProxyUser, $ProxyPassword and $WrongPassword. Returns what Exit-ProxySuite needs. #>
    [CmdletBinding()]
    param()
    Import-Module (Join-Path $PSScriptRoot '../EmulatorControl.psm1') -Global -Force
    Import-Module $env:ACCESSTOKEN_TEST_MODULE -Global -Force
    $rootFile = Join-Path ([IO.Path]::GetTempPath()) "accesstoken-test-root-$PID.pem"
    $suite = [pscustomobject]@{
        Saved         = Set-TestEnvironment -Clear (@('LOSANT_API_TOKEN', 'LOSANT_API_URL') + $ProxyVariables)
        # Secrets no other text could contain by chance.
        ProxyUser     = 'proxy-user-7c1e'
        ProxyPassword = 'proxyPw-3f9a-SECRET-d204'
        WrongPassword = 'proxyPw-81b2-WRONG-6e5c'
        RootFile      = $rootFile
        Https         = Start-Emulator -Https -TestRootFile $rootFile
        Http          = Start-Emulator
        Open          = Start-TestProxy
        Guarded       = $null
        Second        = Start-TestProxy
    }
    $suite.Guarded = Start-TestProxy -User $suite.ProxyUser -Password $suite.ProxyPassword
    $script:Suite = $suite
    $variables = @{
        Https = $suite.Https; Http = $suite.Http; Open = $suite.Open; Guarded = $suite.Guarded; Second = $suite.Second
        Proxies = @($suite.Open, $suite.Guarded, $suite.Second); HttpsTarget = ([uri]$suite.Https.Url).Authority
        GetCommand = 'Losant.AccessTokens.Commands.GetAccessTokenCommand'
        ProxyUser = $suite.ProxyUser; ProxyPassword = $suite.ProxyPassword; WrongPassword = $suite.WrongPassword
    }
    foreach ($name in $variables.Keys) { $PSCmdlet.SessionState.PSVariable.Set("script:$name", $variables[$name]) }
    $suite
}

function Exit-ProxySuite {
    <# Disconnects, gives the environment back, and stops the proxies and emulators. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Suite)
    Disconnect-Losant
    Restore-TestEnvironment $Suite.Saved
    foreach ($proxy in $Suite.Open, $Suite.Guarded, $Suite.Second) { Stop-TestProxy $proxy }
    Stop-Emulator $Suite.Https
    Stop-Emulator $Suite.Http
    Remove-Item $Suite.RootFile -ErrorAction SilentlyContinue
}

function Invoke-Child {
    <# Runs a script in a new pwsh with the module imported and these variables: $Token (the emulator's API token), $BaseUri (the HTTPS emulator), $ProxyCredential and $WrongCredential, and the URLs of the proxies $Open, $Guarded and $Second. Environment variables given are set for that process only. Returns everything it wrote, every stream merged, as Text, and what it handed to Write-Result as Result. #>
    param([string] $Script, [hashtable] $Environment = @{})
    $prelude = @'
$ErrorActionPreference = 'Continue'
Import-Module $env:ACCESSTOKEN_TEST_MODULE
Import-Module $env:TEST_EMULATOR_CONTROL
$Token = ConvertTo-SecureString $env:TEST_API_TOKEN -AsPlainText -Force
$BaseUri = $env:TEST_BASE_URI
$ProxyCredential = [pscredential]::new($env:TEST_PROXY_USER, (ConvertTo-SecureString $env:TEST_PROXY_PASSWORD -AsPlainText -Force))
$WrongCredential = [pscredential]::new($env:TEST_PROXY_USER, (ConvertTo-SecureString $env:TEST_WRONG_PASSWORD -AsPlainText -Force))
$Open, $Guarded, $Second = $env:TEST_OPEN_PROXY, $env:TEST_GUARDED_PROXY, $env:TEST_SECOND_PROXY
function Write-Result($Value) { "RESULT=" + (ConvertTo-Json -InputObject $Value -Depth 6 -Compress) }
function Get-Connects([string] $Url) { @(Get-ProxyRequest ([pscustomobject]@{ Url = $Url }) | Where-Object method -EQ CONNECT) }

'@
    $variables = @{
        ACCESSTOKEN_TEST_MODULE     = $env:ACCESSTOKEN_TEST_MODULE
        TEST_EMULATOR_CONTROL       = (Join-Path $PSScriptRoot '../EmulatorControl.psm1')
        TEST_API_TOKEN              = $script:Suite.Https.ApiToken
        TEST_BASE_URI               = $script:Suite.Https.Url
        TEST_PROXY_USER             = $script:Suite.ProxyUser
        TEST_PROXY_PASSWORD         = $script:Suite.ProxyPassword
        TEST_WRONG_PASSWORD         = $script:Suite.WrongPassword
        TEST_OPEN_PROXY             = $script:Suite.Open.Url
        TEST_GUARDED_PROXY          = $script:Suite.Guarded.Url
        TEST_SECOND_PROXY           = $script:Suite.Second.Url
        SSL_CERT_FILE               = $script:Suite.RootFile
        POWERSHELL_TELEMETRY_OPTOUT = '1'
    }
    foreach ($name in $Environment.Keys) { $variables[$name] = $Environment[$name] }
    $child = Start-PowerShell -Command ($prelude + $Script) -Environment $variables
    if (-not $child.Process.WaitForExit(120000)) { $child.Process.Kill(); throw 'The child pwsh did not finish within two minutes.' }
    $text = $child.Output.Result + $child.Errors.Result
    $line = ($text -split "`r?`n") | Where-Object { $_ -like 'RESULT=*' } | Select-Object -Last 1
    [pscustomobject]@{ Text = $text; Result = if ($line) { $line.Substring('RESULT='.Length) | ConvertFrom-Json } }
}

function Get-UrlWithPassword {
    <# The URL of a proxy with the user and a password (by default the right one) written into it, as HTTPS_PROXY often carries one. #>
    param($Proxy, [string] $Password = $script:Suite.ProxyPassword)
    $Proxy.Url -replace '^http://', "http://$($script:Suite.ProxyUser):$Password@"
}

function Assert-NoProxyPassword {
    <# Fails when the text holds either proxy password. #>
    param([string] $Text)
    $Text | Should -Not -Match ([regex]::Escape($script:Suite.ProxyPassword))
    $Text | Should -Not -Match ([regex]::Escape($script:Suite.WrongPassword))
}

function Get-Connect {
    <# The CONNECT requests a test proxy received. #>
    param($Proxy)
    @(Get-ProxyRequest $Proxy | Where-Object method -EQ CONNECT)
}

Export-ModuleMember -Function Enter-ProxySuite, Exit-ProxySuite, Invoke-Child, Get-UrlWithPassword, Assert-NoProxyPassword, Get-Connect
