# What New-, Set- and Remove-AccessToken share, proven for each of them: the query flags they
# send, the -ApiToken they send, and a 400 answer that reaches the user with the API's message
# and the input named, with nothing changed on the server. Each cmdlet's scriptblock is dot-sourced
# so that -ErrorVariable lands in the test's own scope.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -ApiVersion '1.3.7' -NoConnection

    # The whole store, secrets included: equal before and after means nothing changed.
    function Get-Store { Get-EmulatorToken $script:Emulator | ConvertTo-Json -Depth 5 -Compress }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe '<Cmdlet>' -ForEach @(
    @{
        Cmdlet  = 'New-AccessToken'; Method = 'POST'; Fault = 'POST'
        Invoke  = { param([string] $Id, [hashtable] $More) New-AccessToken -Name "token $Id" @More }
        Path    = { param([string] $Id) '/access-tokens' }
        Target  = { param([string] $Id) "token $Id" }
        Subject = { param([string] $Id) "New access token 'token $Id'" }
    }
    @{
        Cmdlet  = 'Set-AccessToken'; Method = 'PATCH'; Fault = 'PATCH'
        Invoke  = { param([string] $Id, [hashtable] $More) Set-AccessToken -Id $Id -Status Inactive @More }
        Path    = { param([string] $Id) "/access-tokens/$Id" }
        Target  = { param([string] $Id) $Id }
        Subject = { param([string] $Id) "Access token $Id" }
    }
    @{
        Cmdlet  = 'Remove-AccessToken'; Method = 'DELETE'; Fault = 'DELETE'
        Invoke  = { param([string] $Id, [hashtable] $More) Remove-AccessToken -Id $Id -Force @More }
        Path    = { param([string] $Id) "/access-tokens/$Id" }
        Target  = { param([string] $Id) $Id }
        Subject = { param([string] $Id) "Access token $Id" }
    }
) {
    BeforeAll {
        $script:CommandType = 'Losant.AccessTokens.Commands.' + ($Cmdlet -replace '-') + 'Command'
    }

    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:First = '5a0000000000000000000001'
        $script:Second = '5a0000000000000000000002'
    }

    It 'Query_string_reflects_Actions_Links_and_Embedded_switches' {
        . $Invoke $First (@{ Actions = $true } + $Connection) | Out-Null
        . $Invoke $Second (@{ Links = $false; Embedded = $false } + $Connection) | Out-Null

        $requests = @(Get-EmulatorRequest $script:Emulator)
        $requests.Count | Should -Be 2
        $withBody = $Method -ne 'DELETE'
        Assert-Request $requests[0] -Method $Method -Path (& $Path $First) -Query '?_actions=true&_links=true&_embedded=true' -ApiToken $script:Emulator.ApiToken -WithBody:$withBody -ApiVersion '1.3.7'
        Assert-Request $requests[1] -Method $Method -Path (& $Path $Second) -Query '?_actions=false&_links=false&_embedded=false' -ApiToken $script:Emulator.ApiToken -WithBody:$withBody -ApiVersion '1.3.7'
    }

    It 'ApiToken_parameter_is_sent_as_the_bearer_token' {
        $before = Get-Store
        $wrong = ConvertTo-SecureString 'not-the-emulator-token' -AsPlainText -Force

        . $Invoke $First @{ ApiToken = $wrong; BaseUri = $script:Emulator.Url; ErrorVariable = 'failures'; ErrorAction = 'SilentlyContinue' }

        @(Get-EmulatorRequest $script:Emulator)[0].headers.Authorization | Should -BeExactly 'Bearer not-the-emulator-token'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "AuthenticationFailed,$CommandType"
        Get-Store | Should -BeExactly $before
    }

    It 'A_400_reaches_the_user_with_the_API_message_naming_the_input_and_changes_nothing' {
        $before = Get-Store
        Set-EmulatorFault $script:Emulator -Rule @{ method = $Fault; kind = 'status'; status = 400 }

        $more = @{ ErrorVariable = 'failures'; ErrorAction = 'SilentlyContinue' } + $Connection
        if ($Cmdlet -ne 'New-AccessToken') { $more.PassThru = $true }

        $output = @(. $Invoke $First $more)

        $output.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "InvalidRequest,$CommandType"
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].TargetObject | Should -BeExactly (& $Target $First)
        $failures[0].ErrorDetails.Message | Should -BeExactly "$(& $Subject $First): Injected fault: HTTP 400 Bad Request"
        Get-Store | Should -BeExactly $before
    }
}
