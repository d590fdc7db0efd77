# Connect-Losant -Credential under today's API (1.30): the POST /auth/user it sends, the user
# token the emulator issues carried by every later call, two-factor codes, refusals, and that
# neither the password nor the issued token ever reaches a stream, an error, a view or a transcript.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    # Secrets no other text could contain by chance. A connection from the developer's own
    # environment must not stand in for the sign-in, so the suite starts unconnected.
    $script:State = Enter-TestSuite -ApiToken 'apiTok-41d7-SIGNIN-e09b' -NoConnection
    $script:Email = 'user@example.com'
    $script:Password = 'pw-5e0a-SECRET-92fd'
    $script:WrongPassword = 'pw-77c1-WRONG-3a6e'
    $script:Code = '482913'
    $script:Connect = 'Losant.AccessTokens.Commands.ConnectLosantCommand'

    function New-Credential([string] $Password = $script:Password) {
        [pscredential]::new($script:Email, (ConvertTo-SecureString $Password -AsPlainText -Force))
    }

    # The token the emulator issued, as the calls after the sign-in carried it.
    function Get-IssuedToken {
        $bearers = @(Get-Request | Where-Object path -NE '/auth/user' | ForEach-Object { $_.headers.Authorization } | Sort-Object -Unique)
        $bearers.Count | Should -Be 1 -Because 'every call after the sign-in carries the one token it returned'
        $bearers[0] | Should -Match '^Bearer user-[A-Za-z0-9_-]{48}$'
        $bearers[0].Substring('Bearer '.Length)
    }

    # The text shows what it must (so it was captured) and none of the secrets: the issued token, either password.
    function Assert-NoSecret([string] $Text, [string[]] $Shows) {
        foreach ($pattern in $Shows) { $Text | Should -Match $pattern }
        foreach ($secret in (Get-IssuedToken), $script:Password, $script:WrongPassword) { $Text | Should -Not -Match ([regex]::Escape($secret)) }
    }

    # Runs a script in a runspace of its own with the module imported and returns what each of its
    # streams received: output, error, warning, verbose, debug, information and progress. A
    # script passes its terminating errors on with Write-Error, as a user's console would show them.
    function Invoke-Captured([scriptblock] $Script, [hashtable] $Arguments) {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddArgument($env:ACCESSTOKEN_TEST_MODULE).AddStatement()
            $null = $shell.AddScript($Script.ToString()).AddParameters($Arguments)
            $output = $shell.Invoke()
            $streams = $shell.Streams
            [ordered]@{
                Output = @($output); Error = @($streams.Error); Warning = @($streams.Warning); Verbose = @($streams.Verbose)
                Debug = @($streams.Debug); Information = @($streams.Information); Progress = @($streams.Progress)
            }
        }
        finally { $shell.Dispose() }
    }

    # Everything a user or a log could see of the records: each as a view and as a string, every
    # property, and for errors the exception chain and the details.
    function ConvertTo-VisibleText([System.Collections.IDictionary] $Streams) {
        $text = [System.Text.StringBuilder]::new()
        foreach ($record in $Streams.Values | ForEach-Object { $_ }) {
            $null = $text.AppendLine(($record | Out-String)).AppendLine("$record")
            $null = $text.AppendLine(($record | Format-List * -Force | Out-String))
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $null = $text.AppendLine($record.Exception.ToString()).AppendLine("$($record.ErrorDetails)")
                $null = $text.AppendLine(($record.Exception | Format-List * -Force | Out-String))
            }
        }
        $text.ToString()
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Connect-Losant -Credential' {
    BeforeEach {
        Disconnect-Losant
        Reset-Emulator $script:Emulator
        Set-EmulatorUser $script:Emulator -Password $script:Password | Out-Null
    }

    It 'Posts_exactly_the_email_and_password_to_auth_user_without_an_Authorization_header' {
        Connect-Losant -Credential (New-Credential) -BaseUri $script:Emulator.Url

        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method POST -Path '/auth/user' -Body "{`"email`":`"$($script:Email)`",`"password`":`"$($script:Password)`"}"
        (Get-EmulatorUser $script:Emulator).signIns | Should -Be 1
    }

    It 'Every_later_call_carries_the_token_the_emulator_issued_and_nothing_else' {
        Connect-Losant -Credential (New-Credential) -BaseUri $script:Emulator.Url

        @(Get-AccessToken).Count | Should -Be 5
        $created = New-AccessToken -Name 'made after signing in'
        Set-AccessToken -Id $created.Id -Status Inactive
        Remove-AccessToken -Id $created.Id -Force

        $requests = Get-Request
        $requests.method | Should -Be @('POST', 'GET', 'POST', 'PATCH', 'DELETE')
        $issued = Get-IssuedToken
        $issued | Should -Not -BeExactly $script:Emulator.ApiToken
        $user = Get-EmulatorUser $script:Emulator
        $user.signIns | Should -Be 1
        $user.issuedTokens | Should -Be 1
        # The emulator takes its API token or a token it issued; once it forgets those it issued,
        # the same session fails: what the calls carried was the issued token.
        Reset-Emulator $script:Emulator
        { Get-AccessToken -ErrorAction Stop } | Should -Throw -ErrorId 'AuthenticationFailed,Losant.AccessTokens.Commands.GetAccessTokenCommand'
        (Get-Request)[0].headers.Authorization | Should -BeExactly "Bearer $issued"
    }

    It 'TwoFactorCode_adds_twoFactorCode_to_the_body' {
        Set-EmulatorUser $script:Emulator -TwoFactorCode $script:Code | Out-Null

        Connect-Losant -Credential (New-Credential) -TwoFactorCode $script:Code -BaseUri $script:Emulator.Url
        @(Get-AccessToken).Count | Should -Be 5

        $requests = Get-Request
        Assert-Request $requests[0] -Method POST -Path '/auth/user' `
            -Body "{`"email`":`"$($script:Email)`",`"password`":`"$($script:Password)`",`"twoFactorCode`":`"$($script:Code)`"}"
        $null = Get-IssuedToken
    }

    It 'PassThru_shows_SignedIn_and_ApiVersion_but_no_token' {
        $info = Connect-Losant -Credential (New-Credential) -BaseUri $script:Emulator.Url -PassThru
        $null = Get-AccessToken
        $issued = Get-IssuedToken

        @($info).Count | Should -Be 1
        $info.SignedIn | Should -BeExactly $script:Email
        $info.ApiVersion | Should -BeExactly '1.30.0'
        $shown = ($info | Format-List * -Force | Out-String) + ($info | ConvertTo-Json -Depth 3)
        $shown | Should -Not -Match ([regex]::Escape($issued))
        $shown | Should -Not -Match ([regex]::Escape($script:Password))
    }

    It 'Disconnect_Losant_forgets_the_signed_in_token' {
        Connect-Losant -Credential (New-Credential) -BaseUri $script:Emulator.Url

        Disconnect-Losant

        { Get-AccessToken -BaseUri $script:Emulator.Url -ErrorAction Stop } | Should -Throw -ErrorId 'ApiTokenMissing,Losant.AccessTokens.Commands.GetAccessTokenCommand'
        (Get-Request).path | Should -Be @('/auth/user')
    }
}

Describe 'A sign-in that fails' {
    BeforeEach {
        Disconnect-Losant
        Reset-Emulator $script:Emulator
        Set-EmulatorUser $script:Emulator -Password $script:Password | Out-Null
    }

    It 'Without_the_code_an_account_that_needs_one_is_AuthenticationFailed_saying_the_code_may_be_missing' {
        Set-EmulatorUser $script:Emulator -TwoFactorCode $script:Code | Out-Null

        $thrown = { Connect-Losant -Credential (New-Credential) -BaseUri $script:Emulator.Url } |
            Should -Throw -ErrorId "AuthenticationFailed,$script:Connect" -PassThru

        $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $thrown.TargetObject | Should -BeExactly $script:Email
        $thrown.ErrorDetails.Message | Should -BeLike "Signing in as $($script:Email): *two-factor*code may be missing*-TwoFactorCode*"
        (Get-EmulatorUser $script:Emulator).refusals | Should -Be 1
        # No session was made: the next call has no token to send.
        { Get-AccessToken -BaseUri $script:Emulator.Url -ErrorAction Stop } | Should -Throw -ErrorId 'ApiTokenMissing,*'
    }

    It 'A_wrong_code_is_AuthenticationFailed_saying_the_code_may_be_wrong' {
        Set-EmulatorUser $script:Emulator -TwoFactorCode $script:Code | Out-Null

        $thrown = { Connect-Losant -Credential (New-Credential) -TwoFactorCode '000000' -BaseUri $script:Emulator.Url } |
            Should -Throw -ErrorId "AuthenticationFailed,$script:Connect" -PassThru

        $thrown.ErrorDetails.Message | Should -BeLike '*two-factor code may be wrong*'
    }

    It 'A_wrong_password_is_AuthenticationFailed_and_the_previous_connection_stays' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url

        $thrown = { Connect-Losant -Credential (New-Credential $script:WrongPassword) -BaseUri $script:Emulator.Url } |
            Should -Throw -ErrorId "AuthenticationFailed,$script:Connect" -PassThru
        $null = Get-AccessToken

        $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $requests = Get-Request
        $requests.path | Should -Be @('/auth/user', '/me/tokens')
        $requests[1].headers.Authorization | Should -BeExactly "Bearer $($script:Emulator.ApiToken)"
    }

    It 'Under_API_1_3_7_<Source>_it_is_SignInNotSupported_and_nothing_is_sent' -ForEach @(
        @{ Source = 'from -ApiVersion'; Arguments = @{ ApiVersion = '1.3.7' } }
        @{ Source = 'from LOSANT_API_VERSION'; Arguments = @{} }
    ) {
        if (-not $Arguments.Count) { $env:LOSANT_API_VERSION = '1.3.7' }
        try {
            $thrown = { Connect-Losant -Credential (New-Credential) -BaseUri $script:Emulator.Url @Arguments } |
                Should -Throw -ErrorId "SignInNotSupported,$script:Connect" -PassThru
        }
        finally { $env:LOSANT_API_VERSION = $null }

        $thrown.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $thrown.TargetObject | Should -BeExactly $script:Email
        $thrown.Exception.Message | Should -BeLike '*1.3.7*'
        (Get-Request).Count | Should -Be 0
    }
}

Describe 'The password and the issued token' {
    BeforeEach {
        Disconnect-Losant
        # Three pages of user tokens, so that listing them reports progress.
        Reset-Emulator $script:Emulator -SeedCount 250
        Set-EmulatorUser $script:Emulator -Password $script:Password | Out-Null
    }

    It 'Reach_no_stream_error_or_view_of_a_session_that_signs_in_fails_and_works' {
        $streams = Invoke-Captured -Arguments @{ Url = $script:Emulator.Url; Right = (New-Credential); Wrong = (New-Credential $script:WrongPassword) } {
            param($Url, $Right, $Wrong)
            $InformationPreference = 'Continue'
            try { Connect-Losant -Credential $Wrong -BaseUri $Url -Verbose -Debug } catch { Write-Error -ErrorRecord $_ }
            $info = Connect-Losant -Credential $Right -BaseUri $Url -PassThru -Verbose -Debug
            $info
            $info | Format-List * -Force | Out-String
            $info | ConvertTo-Json
            $tokens = @(Get-AccessToken -Verbose -Debug)
            $tokens.Count
            $tokens[0] | Format-List * -Force | Out-String
            Get-AccessToken -Id 5a00000000000000000000ff -Verbose -Debug
            Disconnect-Losant -Verbose
        }

        $streams.Output | Should -Contain 250
        $streams.Error.Count | Should -Be 2
        $streams.Verbose.Count | Should -BeGreaterThan 3
        $streams.Debug.Count | Should -BeGreaterThan 3
        $streams.Progress.Count | Should -BeGreaterThan 0
        Assert-NoSecret (ConvertTo-VisibleText $streams) -Shows 'SignedIn', 'Authorization: REDACTED', 'Invalid email or password'
    }

    It 'Reach_no_transcript' {
        $transcript = Join-Path $TestDrive 'transcript.txt'
        Start-Transcript -Path $transcript -Force | Out-Null
        try {
            try { Connect-Losant -Credential (New-Credential $script:WrongPassword) -BaseUri $script:Emulator.Url } catch { $_ | Format-List * -Force | Out-Host }
            Connect-Losant -Credential (New-Credential) -BaseUri $script:Emulator.Url -PassThru -Verbose 4>&1 | Format-List * -Force | Out-Host
            Get-AccessToken -Verbose -Debug 4>&1 5>&1 | Select-Object -Last 8 | Format-List * -Force | Out-Host
        }
        finally { Stop-Transcript | Out-Null }

        Assert-NoSecret (Get-Content $transcript -Raw) -Shows 'SignedIn', 'Invalid email or password', 'CreationDate\s+:'
    }
}
