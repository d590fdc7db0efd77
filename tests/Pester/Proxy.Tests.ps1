# Behind a forward proxy: HTTPS_PROXY and its kin, -Proxy and -ProxyCredential per call and per
# session, -NoProxy, one ProxyAuthenticationRequired error for a 407, a proxy that cannot be
# reached, and the proxy's password in no output. The HTTPS cases run in a pwsh of their own,
# which trusts the emulator's test root through SSL_CERT_FILE (set for that process only), so
# that requests go through CONNECT tunnels as they do to the real API.
BeforeAll {
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        # Each case runs in a PowerShell 7 of its own, whose HTTPS trust is a test root given by
        # SSL_CERT_FILE; .NET Framework trusts only the machine's store, which a test must not change.
        $script:NotApplicable = 'the proxy cases trust a test root through SSL_CERT_FILE, which only .NET on Linux reads; Windows PowerShell trusts only the machine''s certificate store'
        return
    }
    $script:NotApplicable = $null
    # .NET reads SSL_CERT_FILE on Linux only: elsewhere the test root would have to enter the
    # machine's trust store, so there the HTTPS cases do not apply.
    $script:NoTestRoot = if (-not $IsLinux) { 'a test root is trusted for one process through SSL_CERT_FILE, which .NET reads on Linux only' }
    Import-Module (Join-Path $PSScriptRoot 'ProxySuite.psm1') -Force
    $script:Suite = Enter-ProxySuite
}

AfterAll {
    if ($script:NotApplicable) { return }
    Exit-ProxySuite $script:Suite
}

Describe 'Through a CONNECT proxy, to an HTTPS API whose root SSL_CERT_FILE trusts' {
    BeforeEach {
        if ($script:NotApplicable) { Set-ItResult -Skipped -Because $script:NotApplicable }
        if ($script:NoTestRoot) { Set-ItResult -Skipped -Because $script:NoTestRoot }
        Reset-Emulator $script:Https
        foreach ($proxy in $script:Proxies) { Clear-ProxyRequest $proxy }
    }

    It 'Goes_through_the_proxy_that_<Variable>_names_with_the_credentials_in_its_URL' -ForEach @(
        @{ Variable = 'HTTPS_PROXY' }
        @{ Variable = 'https_proxy' }
        @{ Variable = 'ALL_PROXY' }
    ) {
        $child = Invoke-Child -Environment @{ $Variable = (Get-UrlWithPassword $script:Guarded) } -Script @'
$tokens = @(Get-AccessToken -ApiToken $Token -BaseUri $BaseUri -Verbose -Debug)
$connection = Get-LosantConnection -ApiToken $Token -BaseUri $BaseUri
$connection | Format-List * | Out-String
Write-Result @{ Count = $tokens.Count; Proxy = $connection.Proxy; Source = "$($connection.ProxySource)"; Authentication = $connection.ProxyAuthentication }
'@

        $child.Result.Count | Should -Be 5 -Because $child.Text
        $child.Result.Proxy | Should -BeExactly $script:Guarded.Url
        $child.Result.Source | Should -BeExactly 'Environment'
        $child.Result.Authentication | Should -BeExactly 'Credential'
        $connects = Get-Connect $script:Guarded
        $connects.target | Should -Be @($script:HttpsTarget, $script:HttpsTarget) -Because 'the first CONNECT meets the challenge, the second answers it'
        @($connects | Where-Object { $_.credentials -and $_.accepted }).Count | Should -Be 1
        @(Get-EmulatorRequest $script:Https).Count | Should -Be 1
        $child.Text | Should -Match "goes through the proxy $([regex]::Escape($script:Guarded.Url))"
        Assert-NoProxyPassword $child.Text
    }

    It 'NoProxy_with_HTTPS_PROXY_set_sends_no_CONNECT' {
        $child = Invoke-Child -Environment @{ HTTPS_PROXY = $script:Open.Url } -Script @'
Write-Result @{ Count = @(Get-AccessToken -ApiToken $Token -BaseUri $BaseUri -NoProxy).Count }
'@

        $child.Result.Count | Should -Be 5 -Because $child.Text
        @(Get-ProxyRequest $script:Open).Count | Should -Be 0
        @(Get-EmulatorRequest $script:Https).Count | Should -Be 1
    }

    It 'A_host_that_NO_PROXY_names_is_reached_without_the_proxy <Entry>' -ForEach @(
        @{ Entry = '127.0.0.1' }
        @{ Entry = 'example.com, 127.0.0.1:443' }
        @{ Entry = '*' }
    ) {
        $child = Invoke-Child -Environment @{ HTTPS_PROXY = $script:Open.Url; NO_PROXY = $Entry } -Script @'
$connection = Get-LosantConnection -ApiToken $Token -BaseUri $BaseUri
Write-Result @{ Count = @(Get-AccessToken -ApiToken $Token -BaseUri $BaseUri).Count; Proxy = $connection.Proxy }
'@

        $child.Result.Count | Should -Be 5 -Because $child.Text
        $child.Result.Proxy | Should -BeNullOrEmpty
        @(Get-ProxyRequest $script:Open).Count | Should -Be 0
    }

    It 'Proxy_and_ProxyCredential_of_one_call_take_it_through_that_proxy_and_the_next_call_goes_straight' {
        $child = Invoke-Child -Script @'
$first = @(Get-AccessToken -ApiToken $Token -BaseUri $BaseUri -Proxy $Guarded -ProxyCredential $ProxyCredential -Verbose -Debug *>&1)
$first | Out-String
$afterFirst = @(Get-Connects $Guarded).Count
$second = @(Get-AccessToken -ApiToken $Token -BaseUri $BaseUri)
Write-Result @{ First = @($first | Where-Object { $_.PSObject.TypeNames -contains 'Losant.AccessTokens.Models.AccessToken' }).Count; Second = $second.Count; AfterFirst = $afterFirst }
'@

        $child.Result.First | Should -Be 5 -Because $child.Text
        $child.Result.Second | Should -Be 5
        $child.Result.AfterFirst | Should -Be 2
        @(Get-Connect $script:Guarded).Count | Should -Be 2 -Because 'the second call names no proxy, and none is set anywhere'
        @(Get-EmulatorRequest $script:Https).Count | Should -Be 2
        Assert-NoProxyPassword $child.Text
    }

    It 'The_session_proxy_and_its_credentials_carry_every_call_and_a_call_may_leave_it_with_NoProxy' {
        $child = Invoke-Child -Script @'
Connect-Losant -ApiToken $Token -BaseUri $BaseUri -Proxy $Guarded -ProxyCredential $ProxyCredential -PassThru | Format-List * | Out-String
$tokens = @(Get-AccessToken -Verbose -Debug *>&1)
$tokens | Out-String
$again = @(Get-AccessToken -Name 'Deploy*')
$connects = @(Get-Connects $Guarded).Count
$direct = @(Get-AccessToken -NoProxy)
$connection = Get-LosantConnection
$connection | Format-List * | Out-String
$connection | ConvertTo-Json
Write-Result @{ Again = $again.Count; Direct = $direct.Count; Connects = $connects; Source = "$($connection.ProxySource)"; Proxy = $connection.Proxy }
'@

        $child.Result.Again | Should -Be 1 -Because $child.Text
        $child.Result.Direct | Should -Be 5
        $child.Result.Connects | Should -Be 2 -Because 'the second call of the session reuses the tunnel of the first'
        $child.Result.Source | Should -BeExactly 'Session'
        $child.Result.Proxy | Should -BeExactly $script:Guarded.Url
        @(Get-Connect $script:Guarded).Count | Should -Be 2 -Because '-NoProxy leaves the session proxy aside'
        @(Get-EmulatorRequest $script:Https).Count | Should -Be 3
        Assert-NoProxyPassword $child.Text
    }

    It 'Changing_the_session_proxy_sends_no_later_request_through_the_old_tunnel' {
        $child = Invoke-Child -Script @'
Connect-Losant -ApiToken $Token -BaseUri $BaseUri -Proxy $Open
$null = Get-AccessToken
$before = (Get-ProxyRequest ([pscustomobject]@{ Url = $Open }) | Measure-Object bytesUp -Sum).Sum
Connect-Losant -ApiToken $Token -BaseUri $BaseUri -Proxy $Second
$count = @(Get-AccessToken).Count + @(Get-AccessToken -Id 5a0000000000000000000001).Count
$after = (Get-ProxyRequest ([pscustomobject]@{ Url = $Open }) | Measure-Object bytesUp -Sum).Sum
Write-Result @{ Count = $count; Before = $before; After = $after }
'@

        $child.Result.Count | Should -Be 6 -Because $child.Text
        $child.Result.Before | Should -BeGreaterThan 0
        $child.Result.After | Should -Be $child.Result.Before -Because 'not a byte more went up the old proxy''s tunnel'
        @(Get-Connect $script:Open).Count | Should -Be 1
        @(Get-Connect $script:Second).Count | Should -Be 1
        @(Get-EmulatorRequest $script:Https).Count | Should -Be 3
    }

    It 'Two_runspaces_with_different_proxies_in_one_process_each_go_through_their_own' {
        $child = Invoke-Child -Script @'
$counts = 1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
    Import-Module $env:ACCESSTOKEN_TEST_MODULE
    $proxy = if ($_ -eq 1) { $using:Open } else { $using:Second }
    $total = 0
    foreach ($round in 1..5) { $total += @(Get-AccessToken -ApiToken $using:Token -BaseUri $using:BaseUri -Proxy $proxy).Count }
    $total
}
Write-Result @{ Counts = @($counts) }
'@

        $child.Result.Counts | Should -Be @(25, 25) -Because $child.Text
        foreach ($proxy in $script:Open, $script:Second) {
            $connects = Get-Connect $proxy
            $connects.Count | Should -Be 1 -Because 'each runspace reuses the tunnel of its own proxy'
            $connects[0].bytesUp | Should -BeGreaterThan 0
        }
        @(Get-EmulatorRequest $script:Https).Count | Should -Be 10
    }

    It 'A_407_is_one_ProxyAuthenticationRequired_error_after_exactly_one_CONNECT' {
        $child = Invoke-Child -Script @'
$null = Get-AccessToken -ApiToken $Token -BaseUri $BaseUri -Proxy $Guarded -MaxRetries 3 -ErrorVariable failures -ErrorAction SilentlyContinue
$failures | Format-List * -Force | Out-String
Write-Result @{
    Count = $failures.Count; Id = $failures[0].FullyQualifiedErrorId; Category = "$($failures[0].CategoryInfo.Category)"
    Message = $failures[0].ErrorDetails.Message; Action = $failures[0].ErrorDetails.RecommendedAction
}
'@

        $child.Result.Count | Should -Be 1 -Because $child.Text
        $child.Result.Id | Should -BeExactly "ProxyAuthenticationRequired,$script:GetCommand"
        $child.Result.Category | Should -BeExactly 'AuthenticationError'
        $child.Result.Message | Should -Match "The proxy $([regex]::Escape($script:Guarded.Url)) answered 407"
        $child.Result.Message | Should -Match '-ProxyCredential'
        $child.Result.Message | Should -Match 'none were given'
        $child.Result.Action | Should -Match '-ProxyUseDefaultCredentials'
        $connects = Get-Connect $script:Guarded
        $connects.Count | Should -Be 1 -Because 'a 407 is never retried'
        $connects[0].credentials | Should -BeFalse
        @(Get-EmulatorRequest $script:Https).Count | Should -Be 0
    }

    It 'A_wrong_proxy_password_is_one_error_never_retried_and_in_no_output_of_Verbose_and_Debug' {
        $child = Invoke-Child -Environment @{ HTTPS_PROXY = (Get-UrlWithPassword $script:Guarded $script:WrongPassword) } -Script @'
$fromEnvironment = @(Get-AccessToken -ApiToken $Token -BaseUri $BaseUri -MaxRetries 3 -Verbose -Debug -ErrorVariable first -ErrorAction SilentlyContinue *>&1)
$fromEnvironment | Out-String
$first | Format-List * -Force | Out-String
$first[0].Exception | Format-List * -Force | Out-String
$first[0].Exception.InnerException | Format-List * -Force | Out-String
$env:HTTPS_PROXY = $null
$fromParameter = @(Get-AccessToken -ApiToken $Token -BaseUri $BaseUri -Proxy $Guarded -ProxyCredential $WrongCredential -MaxRetries 3 -Verbose -Debug -ErrorVariable second -ErrorAction SilentlyContinue *>&1)
$fromParameter | Out-String
$second | Format-List * -Force | Out-String
"$($second[0].Exception)"
Get-LosantConnection -ApiToken $Token -BaseUri $BaseUri -Proxy $Guarded -ProxyCredential $WrongCredential | Format-List * | Out-String
Write-Result @{ First = $first.Count; Second = $second.Count; Ids = @($first[0].FullyQualifiedErrorId, $second[0].FullyQualifiedErrorId); Message = $second[0].ErrorDetails.Message }
'@

        $child.Result.First | Should -Be 1 -Because $child.Text
        $child.Result.Second | Should -Be 1
        $child.Result.Ids | Should -Be @("ProxyAuthenticationRequired,$script:GetCommand", "ProxyAuthenticationRequired,$script:GetCommand")
        $child.Result.Message | Should -Match 'did not accept the credentials given'
        $connects = Get-Connect $script:Guarded
        $connects.Count | Should -Be 4 -Because 'each call meets the challenge once and answers it once, and is not retried'
        @($connects | Where-Object credentials).Count | Should -Be 2
        @($connects | Where-Object accepted).Count | Should -Be 0
        $child.Text | Should -Match "goes through the proxy $([regex]::Escape($script:Guarded.Url))"
        Assert-NoProxyPassword $child.Text
        @(Get-EmulatorRequest $script:Https).Count | Should -Be 0
    }
}

Describe 'Through a proxy, to a plain-HTTP API on this computer' {
    BeforeEach {
        if ($script:NotApplicable) { Set-ItResult -Skipped -Because $script:NotApplicable }
        Reset-Emulator $script:Http
        foreach ($proxy in $script:Proxies) { Clear-ProxyRequest $proxy }
        Disconnect-Losant
    }

    It 'A_407_answer_of_a_plain_HTTP_proxy_is_one_ProxyAuthenticationRequired_error_and_credentials_pass_it' {
        $null = Get-AccessToken -ApiToken $script:Http.SecureApiToken -BaseUri $script:Http.Url -Proxy $script:Guarded.Url -MaxRetries 3 `
            -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "ProxyAuthenticationRequired,$script:GetCommand"
        $failures[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failures[0].ErrorDetails.Message | Should -Match "The proxy $([regex]::Escape($script:Guarded.Url)) answered 407"
        $requests = @(Get-ProxyRequest $script:Guarded)
        $requests.Count | Should -Be 1
        $requests[0].method | Should -BeExactly 'GET'
        @(Get-EmulatorRequest $script:Http).Count | Should -Be 0

        $credential = [pscredential]::new($script:ProxyUser, (ConvertTo-SecureString $script:ProxyPassword -AsPlainText -Force))
        @(Get-AccessToken -ApiToken $script:Http.SecureApiToken -BaseUri $script:Http.Url -Proxy $script:Guarded.Url -ProxyCredential $credential).Count | Should -Be 5
        @(Get-ProxyRequest $script:Guarded | Where-Object accepted).Count | Should -Be 1
        @(Get-EmulatorRequest $script:Http).Count | Should -Be 1
    }

    It 'HTTP_PROXY_carries_a_plain_HTTP_call' {
        $env:HTTP_PROXY = $script:Open.Url
        try {
            @(Get-AccessToken -ApiToken $script:Http.SecureApiToken -BaseUri $script:Http.Url).Count | Should -Be 5
        }
        finally { $env:HTTP_PROXY = $null }

        $requests = @(Get-ProxyRequest $script:Open)
        $requests.Count | Should -Be 1
        $requests[0].target | Should -BeLike "$($script:Http.Url)/me/tokens*"
    }

    It 'A_proxy_that_cannot_be_reached_is_ConnectionFailed_naming_the_proxy_not_the_API' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $closed = "http://127.0.0.1:$($listener.LocalEndpoint.Port)"
        $listener.Stop()

        $null = Get-AccessToken -ApiToken $script:Http.SecureApiToken -BaseUri $script:Http.Url -Proxy $closed -MaxRetries 1 `
            -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "ConnectionFailed,$script:GetCommand"
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $failures[0].ErrorDetails.Message | Should -Match "The proxy $([regex]::Escape($closed)) could not be reached"
        $failures[0].ErrorDetails.Message | Should -Not -Match ([regex]::Escape($script:Http.Url))
        $failures[0].ErrorDetails.RecommendedAction | Should -Match '-NoProxy'
        @(Get-EmulatorRequest $script:Http).Count | Should -Be 0
    }

    It 'Tab_completion_goes_through_the_proxy_of_the_command_line' {
        Connect-Losant -ApiToken $script:Http.SecureApiToken -BaseUri $script:Http.Url
        $line = "Get-AccessToken -Proxy $($script:Open.Url) -AccessTokenId "
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches

        $completions.Count | Should -Be 5
        @(Get-ProxyRequest $script:Open | Where-Object target -Like "$($script:Http.Url)/me/tokens*").Count | Should -Be 1
    }
}
