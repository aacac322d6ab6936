<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AdminPages</name>
    <message>
        <source>人员与科室</source>
        <translation>Users and teams</translation>
    </message>
    <message>
        <source>登录设备</source>
        <translation>Signed-in devices</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Imports</translation>
    </message>
    <message>
        <source>检查码</source>
        <translation>Inspection codes</translation>
    </message>
    <message>
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
</context>
<context>
    <name>AmendmentDialog</name>
    <message>
        <source>更正检查结果</source>
        <translation>Amend a result</translation>
    </message>
    <message>
        <source>检查已完成，结果已锁定。更正将另行记录原值、新值、原因、更正人和时间。</source>
        <translation>The inspection is completed and locked. The amendment records the old and new value, the reason, who and when.</translation>
    </message>
    <message>
        <source>检查发现</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>必填，例如：复核现场录像，原结果录入错误</source>
        <translation>Required, e.g. body-camera footage reviewed, the result was entered wrongly</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>更正原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>记录更正</source>
        <translation>Record amendment</translation>
    </message>
</context>
<context>
    <name>AssignmentBoard</name>
    <message>
        <source>前一周</source>
        <translation>Previous week</translation>
    </message>
    <message>
        <source>后一周</source>
        <translation>Next week</translation>
    </message>
    <message>
        <source>任务分类</source>
        <translation>Task category</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>申请检查码</source>
        <translation>Request codes</translation>
    </message>
    <message>
        <source>未分配</source>
        <translation>Unassigned</translation>
    </message>
    <message numerus="yes">
        <source>%n 项</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>申请检查码（%n）</source>
        <translation>
            <numerusform>Request code (%n)</numerusform>
            <numerusform>Request codes (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>显示 %1 张任务卡，其中 %2 项已有检查码；单击选择任务后申请检查码；撤销 Ctrl+Z</source>
        <translation>%1 task cards shown, %2 of them with a code; click tasks to select them for a code request; undo Ctrl+Z</translation>
    </message>
    <message numerus="yes">
        <source>%n 项任务已有有效检查码，未重复申请</source>
        <translation>
            <numerusform>%n task already has a valid code and was not requested again</numerusform>
            <numerusform>%n tasks already have a valid code and were not requested again</numerusform>
        </translation>
    </message>
    <message>
        <source>未排期</source>
        <translation>Unscheduled</translation>
    </message>
    <message numerus="yes">
        <source>另有 %n 项（请用筛选缩小范围）</source>
        <translation>
            <numerusform>%n more (narrow with the filters)</numerusform>
            <numerusform>%n more (narrow with the filters)</numerusform>
        </translation>
    </message>
    <message>
        <source>该监督员已在此任务中 / this inspector is already on the task</source>
        <translation>该监督员已在此任务中 / this inspector is already on the task</translation>
    </message>
    <message>
        <source>改派 %1</source>
        <translation>Reassign %1</translation>
    </message>
    <message>
        <source>检查频次与无事不扰…</source>
        <translation>Visit limits and do-not-disturb…</translation>
    </message>
    <message>
        <source>请先在看板上选择一项任务</source>
        <translation>Select one task on the board first</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <source>立案与处罚</source>
        <translation>Case and penalty</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>不符合项（勾选立案事项）</source>
        <translation>Non-compliant items (tick those the case is about)</translation>
    </message>
    <message>
        <source>本次检查的案件</source>
        <translation>Cases of this inspection</translation>
    </message>
    <message>
        <source>立案</source>
        <translation>Open case</translation>
    </message>
    <message>
        <source>一般程序</source>
        <translation>General procedure</translation>
    </message>
    <message>
        <source>简易程序（当场处罚）</source>
        <translation>Summary procedure (decided on the spot)</translation>
    </message>
    <message>
        <source>已在责令改正期限内改正</source>
        <translation>Corrected within the ordered time</translation>
    </message>
    <message>
        <source>违法事实</source>
        <translation>Facts of the violation</translation>
    </message>
    <message>
        <source>立案编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>立案日期</source>
        <translation>Opened on</translation>
    </message>
    <message>
        <source>程序</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>裁量建议</source>
        <translation>Benchmark suggests</translation>
    </message>
    <message>
        <source>处理意见</source>
        <translation>Proposed outcome</translation>
    </message>
    <message>
        <source>不予处罚</source>
        <translation>No penalty</translation>
    </message>
    <message>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>罚款</source>
        <translation>Fine</translation>
    </message>
    <message>
        <source>吊销许可证</source>
        <translation>Licence revoked</translation>
    </message>
    <message>
        <source> 元</source>
        <translation> yuan</translation>
    </message>
    <message>
        <source>与裁量基准建议不同时须说明理由</source>
        <translation>A reason is needed when it differs from the benchmark</translation>
    </message>
    <message>
        <source>提出处理意见</source>
        <translation>Propose outcome</translation>
    </message>
    <message>
        <source>处理结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>罚款金额</source>
        <translation>Fine amount</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>法制审核</source>
        <translation>Legal review</translation>
    </message>
    <message>
        <source>重大执法决定法制审核</source>
        <translation>Legal review of a major decision</translation>
    </message>
    <message>
        <source>审核意见</source>
        <translation>Reviewer&apos;s opinion</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>决定与送达（两书同达）</source>
        <translation>Decision and delivery (with the credit-repair notice)</translation>
    </message>
    <message>
        <source>例如：长卫罚〔2026〕12号</source>
        <translation>e.g. 长卫罚〔2026〕12号</translation>
    </message>
    <message>
        <source>《公共信用信息修复权益提示函》文号</source>
        <translation>Number of the credit-repair notice</translation>
    </message>
    <message>
        <source>作出决定</source>
        <translation>Decide</translation>
    </message>
    <message>
        <source>登记今日送达</source>
        <translation>Delivered today</translation>
    </message>
    <message>
        <source>登记今日公示</source>
        <translation>Published today</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Close case</translation>
    </message>
    <message>
        <source>决定书文号</source>
        <translation>Decision number</translation>
    </message>
    <message>
        <source>信用修复提示函</source>
        <translation>Credit-repair notice</translation>
    </message>
    <message>
        <source>决定日期</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>公示</source>
        <translation>Publication</translation>
    </message>
    <message>
        <source>检查日期</source>
        <translation>Inspected on</translation>
    </message>
    <message>
        <source>裁量基准版本</source>
        <translation>benchmark version</translation>
    </message>
    <message>
        <source>【再次违法】</source>
        <translation>[repeat]</translation>
    </message>
    <message>
        <source>照片 %1 张</source>
        <translation>%1 photo(s)</translation>
    </message>
    <message>
        <source>经现场检查发现：</source>
        <translation>Found on site: </translation>
    </message>
    <message>
        <source>重大执法决定：须经法制审核后方可作出决定</source>
        <translation>Major decision: legal review before the decision</translation>
    </message>
    <message>
        <source>无须法制审核</source>
        <translation>No legal review needed</translation>
    </message>
    <message>
        <source>，%1–%2 元</source>
        <translation>, %1–%2 yuan</translation>
    </message>
    <message>
        <source>（再次违法）</source>
        <translation> (repeat)</translation>
    </message>
    <message>
        <source>待提出处理意见</source>
        <translation>outcome to propose</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>已结案</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>已决定</source>
        <translation>decided</translation>
    </message>
    <message>
        <source>待法制审核</source>
        <translation>awaiting legal review</translation>
    </message>
    <message>
        <source>审核退回</source>
        <translation>returned by review</translation>
    </message>
    <message>
        <source>已立案</source>
        <translation>opened</translation>
    </message>
    <message>
        <source>已于 %1 公示</source>
        <translation>Published on %1</translation>
    </message>
    <message>
        <source>应于 %1 前公示（决定后 7 个工作日内）</source>
        <translation>To publish by %1 (within 7 working days of the decision)</translation>
    </message>
    <message>
        <source>已立案 %1</source>
        <translation>Case %1 opened</translation>
    </message>
    <message>
        <source>已提出处理意见 %1</source>
        <translation>Outcome proposed for %1</translation>
    </message>
    <message>
        <source>已记录法制审核 %1</source>
        <translation>Legal review recorded for %1</translation>
    </message>
    <message>
        <source>已作出决定 %1</source>
        <translation>Decision made on %1</translation>
    </message>
    <message>
        <source>已登记送达 %1</source>
        <translation>Delivery recorded for %1</translation>
    </message>
    <message>
        <source>已登记公示 %1</source>
        <translation>Publication recorded for %1</translation>
    </message>
    <message>
        <source>已结案 %1</source>
        <translation>Case %1 closed</translation>
    </message>
    <message>
        <source>立案事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>证据照片</source>
        <translation>Evidence photos</translation>
    </message>
    <message>
        <source>%1 张</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>违反条款</source>
        <translation>Articles violated</translation>
    </message>
    <message>
        <source>处罚依据</source>
        <translation>Penalty articles</translation>
    </message>
    <message>
        <source>通过</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>生成两书…</source>
        <translation>Decision and notice…</translation>
    </message>
    <message>
        <source>处罚决定书与信用修复提示函一并生成（两书同达）</source>
        <translation>The penalty decision and its credit-repair notice, made together</translation>
    </message>
    <message>
        <source>保存两书到文件夹</source>
        <translation>Save the decision and the notice in a folder</translation>
    </message>
    <message>
        <source>已生成：%1</source>
        <translation>Made: %1</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>事项编号</source>
        <translation>Item code</translation>
    </message>
    <message>
        <source>检查事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>法律依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>例如：《公共场所卫生管理条例》第八条</source>
        <translation>e.g. Public Places Hygiene Regulations, art. 8</translation>
    </message>
    <message>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>新增事项</source>
        <translation>Add item</translation>
    </message>
    <message>
        <source>已被检查码使用的检查表版本不能修改：保存时服务器会生成新版本，原版本保持不变，已签发的检查码、检查结果和文书仍显示原版本。</source>
        <translation>A checklist version used by an inspection code cannot change: saving makes a new version on the server, the old one stays as it was, and issued codes, results and documents keep showing it.</translation>
    </message>
    <message>
        <source>第 %1 版</source>
        <translation>version %1</translation>
    </message>
    <message>
        <source>（保留旧版本 %1 个）</source>
        <translation> (%1 older version(s) kept)</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>该检查表已被检查码使用，原版本保持不变；修改已保存为第 %1 版，计划和尚未申码的任务改用新版本。</source>
        <translation>This checklist is used by an inspection code, so that version stays as it was; the change is saved as version %1, and plans and tasks not yet coded now use it. </translation>
    </message>
    <message>
        <source>已保存（第 %1 版）。</source>
        <translation>Saved (version %1). </translation>
    </message>
    <message>
        <source>各设备下次同步后看到修改。</source>
        <translation>Every device sees the change at its next sync.</translation>
    </message>
    <message>
        <source>未保存：</source>
        <translation>Not saved: </translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>检查事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>说明 / 照片</source>
        <translation>Note / photo</translation>
    </message>
    <message>
        <source>（已更正）</source>
        <translation>(amended)</translation>
    </message>
    <message>
        <source>须填写说明或附照片</source>
        <translation>Needs a note or a photo</translation>
    </message>
    <message>
        <source>既往问题与未复查的责令改正</source>
        <translation>Failed before, and open correction orders</translation>
    </message>
    <message>
        <source>上次：%1</source>
        <translation>Last time: %1</translation>
    </message>
    <message>
        <source>【责令改正 %1】</source>
        <translation>[order due %1]</translation>
    </message>
    <message>
        <source>【上次不符合】</source>
        <translation>[failed last time]</translation>
    </message>
    <message>
        <source>%1 检查不符合</source>
        <translation>Failed on %1</translation>
    </message>
    <message>
        <source>责令改正期限 %1，尚未复查</source>
        <translation>Correction due %1, not yet followed up</translation>
    </message>
</context>
<context>
    <name>CodeDisplay</name>
    <message>
        <source>亮码</source>
        <translation>Show code</translation>
    </message>
    <message>
        <source>检查码</source>
        <translation>Inspection code</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Inspected party</translation>
    </message>
    <message>
        <source>检查人员（执法证号）</source>
        <translation>Inspectors (enforcement certificate no.)</translation>
    </message>
    <message>
        <source>有效期（北京时间）</source>
        <translation>Valid (Beijing time)</translation>
    </message>
    <message>
        <source>评价码（检查结束后，被检查单位凭此码在扫码页面评价）</source>
        <translation>Evaluation code (after the inspection, the inspected party rates it with this code on the scanned page)</translation>
    </message>
    <message>
        <source>（此检查码无评价码）</source>
        <translation>(this code has no evaluation code)</translation>
    </message>
    <message>
        <source>F11 全屏/退出全屏 · Esc 关闭</source>
        <translation>F11 full screen on/off · Esc close</translation>
    </message>
    <message>
        <source>本机未登记服务器地址，无法生成二维码；请出示检查码，登录一次后即可显示二维码</source>
        <translation>This computer has no server address yet, so there is no QR code; show the short code (the QR code appears after one login)</translation>
    </message>
    <message>
        <source>（检查对象未同步）</source>
        <translation>(target not synced yet)</translation>
    </message>
    <message>
        <source>统一社会信用代码 %1</source>
        <translation>Unified social credit code %1</translation>
    </message>
    <message>
        <source>%1（人员信息未同步）</source>
        <translation>%1 (inspector not synced yet)</translation>
    </message>
    <message>
        <source>无执法证号</source>
        <translation>no certificate number</translation>
    </message>
    <message>
        <source>✔ 检查码有效（已在本机核验签名、有效期和检查人员）</source>
        <translation>✔ The code is valid (signature, validity and inspectors checked on this computer)</translation>
    </message>
</context>
<context>
    <name>CodesPage</name>
    <message>
        <source>检查码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>有效至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>撤销原因（必填，例如：任务取消、检查人员变更）</source>
        <translation>Reason for revoking (required, e.g. task cancelled, inspectors changed)</translation>
    </message>
    <message>
        <source>撤销检查码</source>
        <translation>Revoke code</translation>
    </message>
    <message>
        <source>使用记录</source>
        <translation>Use log</translation>
    </message>
    <message>
        <source>已撤销：</source>
        <translation>Revoked: </translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>尚无使用记录</source>
        <translation>No use logged yet</translation>
    </message>
    <message>
        <source>已撤销检查码 %1；各设备下次同步后不能再用它检查</source>
        <translation>Code %1 revoked; no device can inspect with it after its next sync</translation>
    </message>
    <message>
        <source>失败：</source>
        <translation>Failed: </translation>
    </message>
</context>
<context>
    <name>ComplaintsDialog</name>
    <message>
        <source>投诉举报办理</source>
        <translation>Complaints and replies</translation>
    </message>
    <message>
        <source>收到日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>答复期限</source>
        <translation>Reply due</translation>
    </message>
    <message>
        <source>办理情况</source>
        <translation>State</translation>
    </message>
    <message>
        <source>给投诉举报人的答复（核查情况和处理结果）</source>
        <translation>The reply to the complainant (what was found and done)</translation>
    </message>
    <message>
        <source>办结并记录答复</source>
        <translation>Close with this reply</translation>
    </message>
    <message>
        <source>答复内容</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>答复日期</source>
        <translation>Replied on</translation>
    </message>
    <message>
        <source>已办结，%1 答复</source>
        <translation>Closed, replied %1</translation>
    </message>
    <message>
        <source>（逾期答复）</source>
        <translation> (replied late)</translation>
    </message>
    <message>
        <source>逾期 %1 天未答复</source>
        <translation>Reply %1 day(s) overdue</translation>
    </message>
    <message>
        <source>待答复</source>
        <translation>Awaiting reply</translation>
    </message>
    <message>
        <source>共 %1 件，待答复 %2 件，其中逾期 %3 件</source>
        <translation>%1 complaint(s), %2 awaiting a reply, %3 of them overdue</translation>
    </message>
    <message>
        <source>已办结并记录答复；下次同步送达服务器</source>
        <translation>Closed with the reply; the next sync takes it to the server</translation>
    </message>
</context>
<context>
    <name>ConflictInbox</name>
    <message>
        <source>&lt;b&gt;服务器拒绝的内容&lt;/b&gt;（不会再自动发送：请按原因修改，或退出登录时导出交组长处理）</source>
        <translation>&lt;b&gt;Refused by the server&lt;/b&gt; (not sent again on its own: change it as the reason says, or export it for your team lead when you log out)</translation>
    </message>
    <message>
        <source>&lt;b&gt;本科室的冲突&lt;/b&gt;（服务器未保留的值：选择保留现值，或恢复另一值）</source>
        <translation>&lt;b&gt;Your team&apos;s conflicts&lt;/b&gt; (values the server did not keep: keep the current value, or put the other one back)</translation>
    </message>
    <message>
        <source>保留现值</source>
        <translation>Keep current value</translation>
    </message>
    <message>
        <source>恢复另一值</source>
        <translation>Put the other value back</translation>
    </message>
    <message>
        <source>没有被拒绝的内容</source>
        <translation>Nothing was refused</translation>
    </message>
    <message>
        <source>被覆盖</source>
        <translation>Overwritten</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>{kind} · {entity}.{field}：现值 {kept}（{kept_by}），另一值 {other}（{other_by}）</source>
        <translation>{kind} · {entity}.{field}: now {kept} ({kept_by}), other {other} ({other_by})</translation>
    </message>
    <message>
        <source>已处理；各设备下次同步时取得所选的值</source>
        <translation>Resolved; every device gets the chosen value at its next sync</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <source>没有待处理的同步冲突。
本机与服务器改了同一字段时，会在这里逐项选择保留哪个值。</source>
        <translation>No sync conflicts to settle.
When this computer and the server both changed a field, you choose here which value to keep.</translation>
    </message>
    <message>
        <source>应用选择</source>
        <translation>Apply choices</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>本机的值</source>
        <translation>This device&apos;s value</translation>
    </message>
    <message>
        <source>服务器的值</source>
        <translation>Server&apos;s value</translation>
    </message>
</context>
<context>
    <name>CorrectionOrderDialog</name>
    <message>
        <source>责令改正</source>
        <translation>Correction order</translation>
    </message>
    <message>
        <source>须改正的不符合项：</source>
        <translation>Non-compliant items to correct:</translation>
    </message>
    <message>
        <source>例如：立即补全消毒记录，并建立专人登记制度</source>
        <translation>e.g. complete the disinfection records at once and appoint a person to keep them</translation>
    </message>
    <message>
        <source>改正要求</source>
        <translation>Requirements</translation>
    </message>
    <message>
        <source>改正期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>期限届满时自动生成复查任务；复查须另行申请检查码。</source>
        <translation>A follow-up task is created at the deadline; it needs its own inspection code.</translation>
    </message>
    <message>
        <source>下达</source>
        <translation>Issue</translation>
    </message>
    <message>
        <source>各项改正要求（可在打印前修改）：</source>
        <translation>Each item&apos;s correction demand (may be edited before printing):</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>登录凭证</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>有效至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>吊销该设备的登录…</source>
        <translation>Revoke this device&apos;s sign-in…</translation>
    </message>
    <message>
        <source>本辖区已登录的设备。笔记本丢失或交还时，吊销其登录：该设备须重新登录。</source>
        <translation>Devices signed in in your district. When a laptop is lost or handed back, revoke its sign-in: that device must sign in again.</translation>
    </message>
    <message>
        <source>吊销设备登录</source>
        <translation>Revoke device sign-in</translation>
    </message>
    <message>
        <source>吊销 %1 在设备 %2 上的登录？该设备须重新输入密码登录。</source>
        <translation>Revoke %1&apos;s sign-in on device %2? That device must sign in again with the password.</translation>
    </message>
    <message>
        <source>已吊销 %1 在 %2 上的 %3 个登录凭证</source>
        <translation>Revoked %3 token(s) of %1 on %2</translation>
    </message>
    <message>
        <source>失败：</source>
        <translation>Failed: </translation>
    </message>
</context>
<context>
    <name>DocumentPreview</name>
    <message>
        <source>文书预览</source>
        <translation>Document preview</translation>
    </message>
    <message>
        <source>导出 PDF… (Ctrl+S)</source>
        <translation>Export PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>文书：</source>
        <translation>Document:</translation>
    </message>
    <message>
        <source>正在生成文书…</source>
        <translation>Making the document…</translation>
    </message>
    <message>
        <source>共 %1 页</source>
        <translation>%1 page(s)</translation>
    </message>
    <message>
        <source>已导出到 %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <source>导出文书</source>
        <translation>Export document</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
</context>
<context>
    <name>EditRecordingDialog</name>
    <message>
        <source>修改执法记录仪视频</source>
        <translation>Change a body-camera video</translation>
    </message>
</context>
<context>
    <name>EvaluationDialog</name>
    <message>
        <source>请被检查单位评价</source>
        <translation>Evaluation by the inspected business</translation>
    </message>
    <message>
        <source>检查已完成。请被检查单位扫码，对本次检查进行评价。</source>
        <translation>The inspection is completed. The inspected business scans the code to rate the inspection.</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <source>新添加的照片所对应的检查事项</source>
        <translation>The checklist item that new photos document</translation>
    </message>
    <message>
        <source>添加照片… (Ctrl+O)</source>
        <translation>Add photos… (Ctrl+O)</translation>
    </message>
    <message>
        <source>从相机文件夹导入…</source>
        <translation>Import a camera folder…</translation>
    </message>
    <message>
        <source>新照片对应：</source>
        <translation>New photos document:</translation>
    </message>
    <message>
        <source>尚无现场照片。可将照片拖到此处，或点击“添加照片”。</source>
        <translation>No photos yet. Drop photos here or click “Add photos”.</translation>
    </message>
    <message>
        <source>照片说明，例如：2号诊室器械盒</source>
        <translation>Caption, e.g. instrument box in room 2</translation>
    </message>
    <message>
        <source>说明：</source>
        <translation>Caption:</translation>
    </message>
    <message>
        <source>对应事项：</source>
        <translation>Item:</translation>
    </message>
    <message>
        <source>整体（不对应具体事项）</source>
        <translation>The whole visit (no particular item)</translation>
    </message>
    <message>
        <source>整体</source>
        <translation>The whole visit</translation>
    </message>
    <message>
        <source>拍摄时间：%1
对应事项：%2
SHA-256：%3</source>
        <translation>Taken: %1
Item: %2
SHA-256: %3</translation>
    </message>
    <message>
        <source>正在导入 %1 / %2</source>
        <translation>Importing %1 / %2</translation>
    </message>
    <message>
        <source>已添加 %1 张照片</source>
        <translation>%1 photo(s) added</translation>
    </message>
    <message>
        <source>选择现场照片</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>选择相机或存储卡中的照片文件夹</source>
        <translation>Choose the photo folder of a camera or memory card</translation>
    </message>
    <message>
        <source>签名：</source>
        <translation>Signatures:</translation>
    </message>
    <message>
        <source>被检查单位</source>
        <translation>Inspected party</translation>
    </message>
    <message>
        <source>被检查单位：%1</source>
        <translation>Inspected party: %1</translation>
    </message>
    <message>
        <source>签名时间：%1</source>
        <translation>Signed at: %1</translation>
    </message>
</context>
<context>
    <name>FiguresView</name>
    <message>
        <source>统计期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>本年</source>
        <translation>This year</translation>
    </message>
    <message>
        <source>上月</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>导出 xlsx…</source>
        <translation>Export xlsx…</translation>
    </message>
    <message>
        <source>导出统计数据 xlsx…</source>
        <translation>Export figures as xlsx…</translation>
    </message>
    <message>
        <source>复制综述</source>
        <translation>Copy summary</translation>
    </message>
    <message>
        <source>把本期情况综述（中文）复制到剪贴板，可直接粘贴进报告</source>
        <translation>Copy the period&apos;s summary paragraph (in Chinese) to the clipboard, ready to paste into a report</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Figure</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>户次</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>按行业的监督检查户次</source>
        <translation>Visits per industry</translation>
    </message>
    <message>
        <source>任务分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>任务数</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>任务关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>完成率</source>
        <translation>Completion rate</translation>
    </message>
    <message>
        <source>完结率</source>
        <translation>Closure rate</translation>
    </message>
    <message>
        <source>双随机任务完成率与完结率</source>
        <translation>Random inspections: completion and closure rates</translation>
    </message>
    <message>
        <source>情况综述</source>
        <translation>Summary paragraph</translation>
    </message>
    <message>
        <source>结束日期早于开始日期</source>
        <translation>The end date is before the start date</translation>
    </message>
    <message>
        <source>监督检查户次</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>其中双随机抽查户次</source>
        <translation>of which random inspections</translation>
    </message>
    <message>
        <source>无感检查户次</source>
        <translation>Remote checks</translation>
    </message>
    <message>
        <source>立案处罚（件）</source>
        <translation>Cases (penalty decisions)</translation>
    </message>
    <message>
        <source>其中警告（件）</source>
        <translation>of which warnings</translation>
    </message>
    <message>
        <source>其中罚款（件）</source>
        <translation>of which fines</translation>
    </message>
    <message>
        <source>罚款金额</source>
        <translation>Fines in total</translation>
    </message>
    <message>
        <source>通过检查码完成监督户次</source>
        <translation>Inspections under codes</translation>
    </message>
    <message>
        <source>主动发起联合检查（次）</source>
        <translation>Joint checks initiated</translation>
    </message>
    <message>
        <source>配合其他部门联合检查（次）</source>
        <translation>Joint checks joined</translation>
    </message>
    <message>
        <source>查后评价（户）</source>
        <translation>Evaluations</translation>
    </message>
    <message>
        <source>满意度（4–5分）</source>
        <translation>Satisfaction (score 4–5)</translation>
    </message>
    <message>
        <source>平均评分</source>
        <translation>Mean score</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>本期没有双随机任务</source>
        <translation>No random-inspection tasks in this period</translation>
    </message>
    <message>
        <source>情况综述已复制</source>
        <translation>Summary copied</translation>
    </message>
    <message>
        <source>导出统计数据</source>
        <translation>Export figures</translation>
    </message>
    <message>
        <source>已导出 %1</source>
        <translation>Exported %1</translation>
    </message>
    <message>
        <source>立案（件）</source>
        <translation>Cases opened</translation>
    </message>
    <message>
        <source>不予处罚（件）</source>
        <translation>No-penalty decisions</translation>
    </message>
    <message>
        <source>移送及协查：发出（件）</source>
        <translation>Referrals sent</translation>
    </message>
    <message>
        <source>移送及协查：接收（件）</source>
        <translation>Referrals received</translation>
    </message>
</context>
<context>
    <name>GradeOverrideDialog</name>
    <message>
        <source>按等级的抽查比例</source>
        <translation>Sampling ratios by grade</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>等级默认比例</source>
        <translation>Grade&apos;s default</translation>
    </message>
    <message>
        <source>本计划比例</source>
        <translation>This plan&apos;s ratio</translation>
    </message>
    <message>
        <source>如：医美专项整治，A 级也须多抽</source>
        <translation>e.g. medical aesthetics campaign: grade A sampled more too</translation>
    </message>
    <message>
        <source>按本计划比例保存</source>
        <translation>Save this plan&apos;s ratios</translation>
    </message>
    <message>
        <source>恢复等级默认比例</source>
        <translation>Back to the grades&apos; ratios</translation>
    </message>
    <message>
        <source>调整理由</source>
        <translation>Reason for the change</translation>
    </message>
    <message>
        <source>计划 %1 的抽查比例由负责人调整，理由：%2</source>
        <translation>Plan %1&apos;s sampling ratios were changed by a lead; reason: %2</translation>
    </message>
    <message>
        <source>计划 %1 按等级默认比例抽查（分级配置 %2）</source>
        <translation>Plan %1 samples at the grades&apos; ratios (grading configuration %2)</translation>
    </message>
    <message>
        <source>计划已备案，抽查比例不能再改。</source>
        <translation>The plan is filed; its ratios can no longer change.</translation>
    </message>
    <message>
        <source>已记录：计划 %1 按调整后的比例抽查</source>
        <translation>Recorded: plan %1 samples at its own ratios</translation>
    </message>
    <message>
        <source>已记录：计划 %1 恢复按等级默认比例抽查</source>
        <translation>Recorded: plan %1 samples at the grades&apos; ratios again</translation>
    </message>
</context>
<context>
    <name>Grading</name>
    <message>
        <source>基础分</source>
        <translation>Base score</translation>
    </message>
    <message>
        <source>行业风险</source>
        <translation>Industry risk</translation>
    </message>
    <message>
        <source>轻微处罚（警告等）</source>
        <translation>Minor penalties (warnings)</translation>
    </message>
    <message>
        <source>较重处罚（罚款及以上）</source>
        <translation>Serious penalties (fines and above)</translation>
    </message>
    <message>
        <source>已完成信用修复</source>
        <translation>Completed credit repairs</translation>
    </message>
    <message>
        <source>不良执业行为记分</source>
        <translation>Bad-practice points</translation>
    </message>
    <message>
        <source>量化分级评价得分</source>
        <translation>Quantified hygiene rating</translation>
    </message>
    <message>
        <source>查实的投诉举报</source>
        <translation>Complaints found true</translation>
    </message>
    <message>
        <source>既往检查发现问题</source>
        <translation>Past findings</translation>
    </message>
    <message>
        <source>未复查的责令改正</source>
        <translation>Open correction orders</translation>
    </message>
    <message>
        <source>许可证状态</source>
        <translation>Licence status</translation>
    </message>
    <message>
        <source>信号变化</source>
        <translation>signals changed</translation>
    </message>
    <message>
        <source>定期或按需评定</source>
        <translation>scheduled or on demand</translation>
    </message>
    <message>
        <source>分级配置变更</source>
        <translation>configuration changed</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>expiring</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>缺失</source>
        <translation>missing</translation>
    </message>
</context>
<context>
    <name>GradingSignalDialog</name>
    <message>
        <source>登记分级信号</source>
        <translation>File a grading signal</translation>
    </message>
    <message>
        <source>为 %1 登记信用或风险信号；服务器随即重新分级，同步后画像显示新的等级。</source>
        <translation>File a credit or risk signal for %1; the server re-grades it at once, and the profile shows the new grade after the sync.</translation>
    </message>
    <message>
        <source>未评级</source>
        <translation>Not rated</translation>
    </message>
    <message>
        <source>来源，如：信用平台、许可部门、投诉处理结果</source>
        <translation>Source, e.g. credit platform, licensing office, complaint outcome</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>File</translation>
    </message>
    <message>
        <source>信号</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>未连接服务器：分级信号须在线登记</source>
        <translation>Not connected to the server: grading signals are filed online</translation>
    </message>
    <message>
        <source>已登记；等级与得分未变</source>
        <translation>Filed; the grade and score did not change</translation>
    </message>
    <message>
        <source>已登记；等级 %1 → %2（%3 分），同步后画像更新</source>
        <translation>Filed; grade %1 → %2 (%3 points); the profile updates after the sync</translation>
    </message>
</context>
<context>
    <name>ImportsPage</name>
    <message>
        <source>检查对象</source>
        <translation>Targets</translation>
    </message>
    <message>
        <source>人员（执法证号、科室）</source>
        <translation>Users (certificate numbers, teams)</translation>
    </message>
    <message>
        <source>检查表与检查事项（已用的检查表生成新版本）</source>
        <translation>Checklists and items (a used checklist gets a new version)</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>尚未选择文件（xlsx 或 CSV）</source>
        <translation>No file chosen (xlsx or CSV)</translation>
    </message>
    <message>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>被拒绝的行</source>
        <translation>Refused rows</translation>
    </message>
    <message>
        <source>将新增或更新的记录</source>
        <translation>Records to create or update</translation>
    </message>
    <message>
        <source>选择导出文件</source>
        <translation>Choose an export file</translation>
    </message>
    <message>
        <source>表格 (*.xlsx *.csv);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>读取文件…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>正在预览…</source>
        <translation>Previewing…</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>服务器正在逐行检查…</source>
        <translation>The server is checking every row…</translation>
    </message>
    <message>
        <source>上传 %p%（%1 / %2 KB）</source>
        <translation>Uploading %p% (%1 / %2 KB)</translation>
    </message>
    <message>
        <source>失败：</source>
        <translation>Failed: </translation>
    </message>
    <message>
        <source>预览（尚未写入）</source>
        <translation>Preview (nothing written yet)</translation>
    </message>
    <message>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>%1：共 %2 行；新增 %3，更新 %4，未变 %5，拒绝 %6</source>
        <translation>%1: %2 rows; %3 new, %4 updated, %5 unchanged, %6 refused</translation>
    </message>
    <message>
        <source>；未识别的列：</source>
        <translation>; columns not recognised: </translation>
    </message>
    <message>
        <source>；新用户的初始密码（只显示这一次）：</source>
        <translation>; new users&apos; initial passwords (shown this once only): </translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>名单为全部人员：名单中没有的本辖区用户停用（不删除）</source>
        <translation>The file is the whole staff list: deactivate (never delete) the district&apos;s users it omits</translation>
    </message>
    <message>
        <source>；停用 %1 人（名单中没有，不删除）</source>
        <translation>; %1 user(s) deactivated (not in the file; not deleted)</translation>
    </message>
    <message>
        <source>停用（名单中没有，不删除）</source>
        <translation>Deactivated (not in the file; not deleted)</translation>
    </message>
    <message>
        <source>服务器逐行检查：%1 / %2 行</source>
        <translation>Server checking rows: %1 / %2</translation>
    </message>
    <message>
        <source>正在写入 %1 条记录…</source>
        <translation>Writing %1 record(s)…</translation>
    </message>
    <message>
        <source>服务器正在读取文件…</source>
        <translation>The server is reading the file…</translation>
    </message>
</context>
<context>
    <name>Industry</name>
    <message>
        <source>医疗机构</source>
        <translation>Medical institution</translation>
    </message>
    <message>
        <source>医疗美容</source>
        <translation>Medical aesthetics</translation>
    </message>
    <message>
        <source>口腔诊所</source>
        <translation>Dental clinic</translation>
    </message>
    <message>
        <source>中医诊所</source>
        <translation>TCM clinic</translation>
    </message>
    <message>
        <source>护理院</source>
        <translation>Nursing home</translation>
    </message>
    <message>
        <source>美容美发</source>
        <translation>Beauty salon</translation>
    </message>
    <message>
        <source>宾馆旅馆</source>
        <translation>Hotel</translation>
    </message>
    <message>
        <source>游泳场所</source>
        <translation>Swimming venue</translation>
    </message>
    <message>
        <source>生活饮用水</source>
        <translation>Drinking water</translation>
    </message>
    <message>
        <source>现制现售饮用水</source>
        <translation>Water vending</translation>
    </message>
    <message>
        <source>职业卫生</source>
        <translation>Occupational health</translation>
    </message>
    <message>
        <source>消毒产品</source>
        <translation>Disinfection products</translation>
    </message>
    <message>
        <source>放射卫生</source>
        <translation>Radiation health</translation>
    </message>
    <message>
        <source>学校卫生</source>
        <translation>School health</translation>
    </message>
    <message>
        <source>产后母婴照护</source>
        <translation>Postpartum care</translation>
    </message>
</context>
<context>
    <name>InspectionStatus</name>
    <message>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
</context>
<context>
    <name>InspectionWindow</name>
    <message>
        <source>已完成（结果已锁定）</source>
        <translation>Completed (results locked)</translation>
    </message>
    <message>
        <source>检查中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>检查码有效</source>
        <translation>Code valid</translation>
    </message>
    <message>
        <source>现场检查 - %1</source>
        <translation>Inspection - %1</translation>
    </message>
    <message>
        <source>1/Y 符合 · 2/N 不符合 · 3/0 不适用 · Tab/J 下一未答 · Enter 说明</source>
        <translation>1/Y compliant · 2/N non-compliant · 3/0 n/a · Tab/J next unanswered · Enter note</translation>
    </message>
    <message>
        <source>说明（Enter 保存，Esc 取消）</source>
        <translation>Note (Enter saves, Esc cancels)</translation>
    </message>
    <message>
        <source>不符合项须填写说明或附照片</source>
        <translation>A non-compliant item needs a note or a photo</translation>
    </message>
    <message>
        <source>检查发现：现场检查情况、发现的问题（Ctrl+F）</source>
        <translation>Findings: what was seen on site, problems found (Ctrl+F)</translation>
    </message>
    <message>
        <source>检查发现</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>现场照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>执法记录仪</source>
        <translation>Body camera</translation>
    </message>
    <message>
        <source>亮码 (Ctrl+L)</source>
        <translation>Show code (Ctrl+L)</translation>
    </message>
    <message>
        <source>签名 (Ctrl+G)</source>
        <translation>Signatures (Ctrl+G)</translation>
    </message>
    <message>
        <source>文书 (Ctrl+P)</source>
        <translation>Documents (Ctrl+P)</translation>
    </message>
    <message>
        <source>责令改正 (Ctrl+K)</source>
        <translation>Correction order (Ctrl+K)</translation>
    </message>
    <message>
        <source>更正 (Ctrl+E)</source>
        <translation>Amend (Ctrl+E)</translation>
    </message>
    <message>
        <source>完成检查 (Ctrl+Enter)</source>
        <translation>Finish (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>请先选择该项的检查结果（1/2/3），再填写说明</source>
        <translation>Choose the item&apos;s result (1/2/3) before writing a note</translation>
    </message>
    <message>
        <source>说明已保存</source>
        <translation>Note saved</translation>
    </message>
    <message>
        <source>已答 %1 / %2</source>
        <translation>Answered %1 / %2</translation>
    </message>
    <message>
        <source>检查已完成，结果已锁定；联网时自动同步到服务器。</source>
        <translation>Inspection completed and locked; it syncs to the server when online.</translation>
    </message>
    <message>
        <source>该项没有检查结果，无可更正</source>
        <translation>This item has no result to amend</translation>
    </message>
    <message>
        <source>更正已记录（原值、新值和原因均已保存）</source>
        <translation>Amendment recorded (old value, new value and reason kept)</translation>
    </message>
    <message>
        <source>没有不符合项，无需责令改正</source>
        <translation>No non-compliant items: nothing to order corrected</translation>
    </message>
    <message>
        <source>已下达责令改正，复查任务安排在 %1（复查须另行申请检查码）</source>
        <translation>Correction order issued; follow-up scheduled on %1 (it needs its own code)</translation>
    </message>
    <message>
        <source>立案 (Ctrl+B)</source>
        <translation>Open case (Ctrl+B)</translation>
    </message>
    <message>
        <source>没有不符合项，无需立案</source>
        <translation>No non-compliant items: no case to open</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>请填写服务器地址（http:// 或 https:// 开头）、用户名和密码</source>
        <translation>Enter the server address (starting with http:// or https://), user name and password</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>投诉举报与指定对象任务(&amp;N)…</source>
        <translation>Complaints and tasks on named targets(&amp;N)…</translation>
    </message>
    <message>
        <source>行政处罚与公示(&amp;P)…</source>
        <translation>Penalties and publication(&amp;P)…</translation>
    </message>
    <message>
        <source>看板所选任务的检查表(&amp;K)…</source>
        <translation>Checklists of the task selected on the board(&amp;K)…</translation>
    </message>
    <message>
        <source>卫监外勤</source>
        <translation>Field Inspector</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>界面语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>搜索检查对象(&amp;S)</source>
        <translation>&amp;Search targets</translation>
    </message>
    <message>
        <source>重新载入(&amp;R)</source>
        <translation>&amp;Reload</translation>
    </message>
    <message>
        <source>从本地数据重新载入各页 (Ctrl+Shift+R)</source>
        <translation>Reload every page from the local data (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>立即同步(&amp;Y)</source>
        <translation>S&amp;ync now</translation>
    </message>
    <message>
        <source>与服务器同步 (F5)</source>
        <translation>Sync with the server (F5)</translation>
    </message>
    <message>
        <source>未连接服务器：用 --server 启动并登录后可同步</source>
        <translation>Not connected: start with --server and sign in to sync</translation>
    </message>
    <message>
        <source>今日任务</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Targets</translation>
    </message>
    <message>
        <source>同步冲突</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <source>被拒绝与冲突</source>
        <translation>Refused &amp; conflicts</translation>
    </message>
    <message>
        <source>检查计划</source>
        <translation>Plans</translation>
    </message>
    <message>
        <source>任务看板</source>
        <translation>Assignment board</translation>
    </message>
    <message>
        <source>撮合</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>进度与公示</source>
        <translation>Progress and publication</translation>
    </message>
    <message>
        <source>统计数据</source>
        <translation>Figures</translation>
    </message>
    <message>
        <source>管理</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>画像面板(&amp;P)</source>
        <translation>&amp;Profile pane</translation>
    </message>
    <message>
        <source>显示或隐藏检查对象画像 (F9)</source>
        <translation>Show or hide the target profile (F9)</translation>
    </message>
    <message>
        <source>退出登录(&amp;O)</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <source>待同步的修改和照片都上传后才能退出登录</source>
        <translation>You can log out once every change and photo is synced</translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>关于卫监外勤(&amp;A)</source>
        <translation>&amp;About Field Inspector</translation>
    </message>
    <message>
        <source>搜索名称、地址或统一社会信用代码  (Ctrl+F)</source>
        <translation>Search name, address or credit code  (Ctrl+F)</translation>
    </message>
    <message>
        <source>本地数据：%1</source>
        <translation>Local data: %1</translation>
    </message>
    <message>
        <source>科室负责人</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>监督员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>搜索失败：%1</source>
        <translation>Search failed: %1</translation>
    </message>
    <message>
        <source>找到 %1 个</source>
        <translation>%1 found</translation>
    </message>
    <message>
        <source>共 %1 个检查对象</source>
        <translation>%1 targets</translation>
    </message>
    <message>
        <source>正在载入…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>没有匹配的检查对象
换个关键词试试：名称、地址或信用代码的一部分</source>
        <translation>No matching targets
Try part of a name, an address or a credit code</translation>
    </message>
    <message>
        <source>本地数据中还没有检查对象
连接服务器同步后即可查看</source>
        <translation>No targets in local data yet
Sync with the server to get them</translation>
    </message>
    <message>
        <source>登录已失效，本机数据仍可查看；请重新启动并登录后再同步。</source>
        <translation>The sign-in is no longer valid. The local data stays readable; start the app again and sign in to sync.</translation>
    </message>
    <message>
        <source>已退出登录。重新启动并登录后可再同步。</source>
        <translation>Logged out. Start the app again and sign in to sync.</translation>
    </message>
    <message>
        <source>请先在任务看板上选中一项任务</source>
        <translation>Select one task on the board first</translation>
    </message>
    <message>
        <source>未连接服务器，无法申请检查码</source>
        <translation>Not connected to a server: codes cannot be requested</translation>
    </message>
    <message>
        <source>已取得检查码：%1</source>
        <translation>Code issued: %1</translation>
    </message>
    <message>
        <source>申请被拒绝：%1</source>
        <translation>Request refused: %1</translation>
    </message>
    <message>
        <source>关于卫监外勤</source>
        <translation>About Field Inspector</translation>
    </message>
    <message>
        <source>卫监外勤 %1

卫生监督外勤检查的离线优先桌面客户端。</source>
        <translation>Field Inspector %1

An offline-first desktop client for health-supervision field inspections.</translation>
    </message>
    <message>
        <source>投诉举报办理与答复(&amp;C)…</source>
        <translation>&amp;Complaints and replies…</translation>
    </message>
    <message>
        <source>线索移送与协查(&amp;R)…</source>
        <translation>&amp;Referrals…</translation>
    </message>
</context>
<context>
    <name>MergeView</name>
    <message>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>建议日期</source>
        <translation>Suggested date</translation>
    </message>
    <message>
        <source>任务分类</source>
        <translation>Task category</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>接受撮合</source>
        <translation>Accept the merge</translation>
    </message>
    <message>
        <source>驳回…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <source>刷新撮合建议</source>
        <translation>Refresh merge proposals</translation>
    </message>
    <message>
        <source>近期已检查</source>
        <translation>Inspected recently</translation>
    </message>
    <message numerus="yes">
        <source>%n 条撮合建议</source>
        <translation>
            <numerusform>%n merge proposal</numerusform>
            <numerusform>%n merge proposals</numerusform>
        </translation>
    </message>
    <message>
        <source>没有待处理的撮合建议：同一对象的多项任务日期相近时，会在这里提议合并为一次联合检查。</source>
        <translation>No merge proposals to decide: when several tasks on one target fall on close dates, they are proposed here as one joint inspection.</translation>
    </message>
    <message>
        <source>无记录</source>
        <translation>none on record</translation>
    </message>
    <message>
        <source>检查计划</source>
        <translation>Inspection plan</translation>
    </message>
    <message>
        <source>计划日期</source>
        <translation>Scheduled date</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>建议联合检查日期</source>
        <translation>Suggested joint inspection date</translation>
    </message>
    <message>
        <source>接受后：一次上门、一个检查码、全部检查表、合并后的检查人员。</source>
        <translation>Once accepted: one visit, one code, all the checklists, the combined team.</translation>
    </message>
    <message>
        <source>联合检查人员</source>
        <translation>Joint inspection team</translation>
    </message>
    <message>
        <source>其他部门参与人员</source>
        <translation>Participants from other departments</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <source>上次检查</source>
        <translation>Last inspected</translation>
    </message>
    <message numerus="yes">
        <source>已合并为一次联合检查（%n 项任务）</source>
        <translation>
            <numerusform>Merged into one joint inspection (%n task)</numerusform>
            <numerusform>Merged into one joint inspection (%n tasks)</numerusform>
        </translation>
    </message>
    <message>
        <source>驳回撮合建议</source>
        <translation>Reject the merge proposal</translation>
    </message>
    <message>
        <source>驳回原因：</source>
        <translation>Reason for rejecting:</translation>
    </message>
</context>
<context>
    <name>NamedTaskDialog</name>
    <message>
        <source>投诉举报（登记投诉并生成核查任务）</source>
        <translation>Complaint (record it and open its task)</translation>
    </message>
    <message>
        <source>专项检查任务</source>
        <translation>Campaign task</translation>
    </message>
    <message>
        <source>跨部门联合检查任务</source>
        <translation>Cross-department task</translation>
    </message>
    <message>
        <source>名称、地址或统一社会信用代码</source>
        <translation>Name, address or credit code</translation>
    </message>
    <message>
        <source>投诉举报内容</source>
        <translation>What the complaint says</translation>
    </message>
    <message>
        <source>同时生成投诉举报核查任务（在本科室已备案的投诉举报计划下）</source>
        <translation>Also open its complaint task (under the team&apos;s filed complaint plan)</translation>
    </message>
    <message>
        <source>例如：长宁区市场监督管理局</source>
        <translation>e.g. Changning Market Supervision Administration</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>收到日期</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>答复期限</source>
        <translation>Reply due</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>联合部门</source>
        <translation>Other department</translation>
    </message>
    <message>
        <source>登记投诉举报</source>
        <translation>Record a complaint</translation>
    </message>
    <message>
        <source>新建专项检查任务</source>
        <translation>New campaign task</translation>
    </message>
    <message>
        <source>新建跨部门联合检查任务</source>
        <translation>New cross-department task</translation>
    </message>
</context>
<context>
    <name>ParkedExportDialog</name>
    <message>
        <source>导出被拒绝的内容后退出登录</source>
        <translation>Export the refused work, then log out</translation>
    </message>
    <message>
        <source>服务器拒绝了 %1 项修改或照片，它们无法再发送，因此不能直接退出登录。请把它们导出到一个文件夹（含原因说明 parked.json 和照片文件），交组长处理；本机仍保留一份。</source>
        <translation>The server refused %1 changes or photos; they cannot be sent any more, so you cannot simply log out. Export them to a folder (parked.json with the reasons, and the photo files) for your team lead; this computer keeps a copy too.</translation>
    </message>
    <message>
        <source>选择文件夹…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>导出并退出登录</source>
        <translation>Export and log out</translation>
    </message>
    <message>
        <source>导出到文件夹</source>
        <translation>Export to folder</translation>
    </message>
</context>
<context>
    <name>PenaltyDialog</name>
    <message>
        <source>行政处罚与公示</source>
        <translation>Penalties and publication</translation>
    </message>
    <message>
        <source>例如：长卫罚〔2026〕12号</source>
        <translation>e.g. 长卫罚〔2026〕12号</translation>
    </message>
    <message>
        <source>例如：《公共场所卫生管理条例》第十四条</source>
        <translation>e.g. Public Places Hygiene Regulations, art. 14</translation>
    </message>
    <message>
        <source> 元</source>
        <translation> yuan</translation>
    </message>
    <message>
        <source>不罚款（警告）</source>
        <translation>No fine (warning)</translation>
    </message>
    <message>
        <source>违法事实与处罚内容</source>
        <translation>Facts found and the penalty</translation>
    </message>
    <message>
        <source>记录处罚决定</source>
        <translation>Record decision</translation>
    </message>
    <message>
        <source>标记为今日已公示</source>
        <translation>Mark published today</translation>
    </message>
    <message>
        <source>处罚决定书文号</source>
        <translation>Decision number</translation>
    </message>
    <message>
        <source>决定日期</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>处罚依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>罚款</source>
        <translation>Fine</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>已完成的检查</source>
        <translation>Finished inspections</translation>
    </message>
    <message>
        <source>处罚决定公示（决定后 7 个工作日内）</source>
        <translation>Publication of decisions (within 7 working days)</translation>
    </message>
    <message>
        <source>待公示</source>
        <translation>To publish</translation>
    </message>
    <message>
        <source>已按时公示</source>
        <translation>Published on time</translation>
    </message>
    <message>
        <source>逾期公示</source>
        <translation>Published late</translation>
    </message>
    <message>
        <source>逾期未公示</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>罚款 %1 元</source>
        <translation>fine %1 yuan</translation>
    </message>
    <message>
        <source>警告</source>
        <translation>warning</translation>
    </message>
    <message>
        <source>应于 %1 前公示</source>
        <translation>publish by %1</translation>
    </message>
    <message>
        <source>已记录处罚决定 %1</source>
        <translation>Decision %1 recorded</translation>
    </message>
    <message>
        <source>立案与处罚…</source>
        <translation>Cases…</translation>
    </message>
    <message>
        <source>对所选检查立案，或审核、决定其案件（法制审核、两书同达）</source>
        <translation>Open a case on the chosen inspection, or review and decide its cases (legal review, with the credit-repair notice)</translation>
    </message>
    <message>
        <source>进行中的案件（双击打开；待法制审核的在前）</source>
        <translation>Cases in progress (double-click to open; legal reviews first)</translation>
    </message>
    <message>
        <source>待法制审核</source>
        <translation>awaiting legal review</translation>
    </message>
    <message>
        <source>待提出处理意见</source>
        <translation>outcome to propose</translation>
    </message>
    <message>
        <source>待作出决定</source>
        <translation>decision to make</translation>
    </message>
    <message>
        <source>待送达</source>
        <translation>delivery to record</translation>
    </message>
    <message>
        <source>待结案</source>
        <translation>to close</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <source>科室</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>监督员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <source>无执法证号</source>
        <translation>Without certificate</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>新增或变更人员：在“导入”页导入人员名单（姓名、用户名、执法证号、科室、角色）。</source>
        <translation>To add or change users, import the staff list on the Imports page (name, username, certificate no., team, role).</translation>
    </message>
    <message>
        <source>科室负责人</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>PlanEditor</name>
    <message>
        <source>新建检查计划</source>
        <translation>New inspection plan</translation>
    </message>
    <message>
        <source>比例不同于等级默认时须说明理由</source>
        <translation>Needed when the ratios differ from the grades&apos;</translation>
    </message>
    <message>
        <source>排除无事不扰对象</source>
        <translation>Leave out do-not-disturb targets</translation>
    </message>
    <message>
        <source>纳入有投诉举报的对象</source>
        <translation>Include targets with complaints</translation>
    </message>
    <message>
        <source>任务分类</source>
        <translation>Task category</translation>
    </message>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>计划名称</source>
        <translation>Plan name</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>计划期间</source>
        <translation>Plan period</translation>
    </message>
    <message>
        <source>检查行业（对象库）</source>
        <translation>Industries inspected (target pool)</translation>
    </message>
    <message>
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <source>抽查比例（按等级）</source>
        <translation>Sampling ratios (by grade)</translation>
    </message>
    <message>
        <source>调整理由</source>
        <translation>Reason for other ratios</translation>
    </message>
</context>
<context>
    <name>PlansView</name>
    <message>
        <source>计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>检查行业</source>
        <translation>Industries</translation>
    </message>
    <message>
        <source>备案状态</source>
        <translation>Filing status</translation>
    </message>
    <message>
        <source>新建计划…</source>
        <translation>New plan…</translation>
    </message>
    <message>
        <source>备案</source>
        <translation>File</translation>
    </message>
    <message>
        <source>双随机抽取…</source>
        <translation>Random draw…</translation>
    </message>
    <message>
        <source>回避声明…</source>
        <translation>Conflicts of interest…</translation>
    </message>
    <message>
        <source>按等级的抽查比例…</source>
        <translation>Sampling ratios by grade…</translation>
    </message>
    <message>
        <source>新建检查计划…</source>
        <translation>New inspection plan…</translation>
    </message>
    <message>
        <source>计划备案</source>
        <translation>File the plan</translation>
    </message>
    <message>
        <source>本科室还没有检查计划；请点“新建计划…”</source>
        <translation>Your team has no inspection plans yet; click “New plan…”</translation>
    </message>
    <message>
        <source>已备案</source>
        <translation>Filed</translation>
    </message>
    <message>
        <source>未备案</source>
        <translation>Not filed</translation>
    </message>
    <message>
        <source>计划 %1 已备案</source>
        <translation>Plan %1 filed</translation>
    </message>
    <message>
        <source>备案抽取种子…</source>
        <translation>File the draw&apos;s seed…</translation>
    </message>
    <message>
        <source>，种子哈希已备案</source>
        <translation>, seed hash filed</translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <source>导出 xlsx…</source>
        <translation>Export xlsx…</translation>
    </message>
    <message>
        <source>计划年度</source>
        <translation>Plan year</translation>
    </message>
    <message>
        <source>完成率</source>
        <translation>Completion rate</translation>
    </message>
    <message>
        <source>完结率</source>
        <translation>Closure rate</translation>
    </message>
    <message>
        <source>户次</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>关闭任务</source>
        <translation>Closed tasks</translation>
    </message>
    <message>
        <source>逾期任务</source>
        <translation>Overdue tasks</translation>
    </message>
    <message>
        <source>收到评价（平均分）</source>
        <translation>Evaluations received (average score)</translation>
    </message>
    <message>
        <source>逾期未公示</source>
        <translation>Overdue, not published</translation>
    </message>
    <message>
        <source>分组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>逾期未公示（结果/处罚）</source>
        <translation>Overdue publications (results/penalties)</translation>
    </message>
    <message>
        <source>任务数</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>评价数</source>
        <translation>Evaluations</translation>
    </message>
    <message>
        <source>平均分</source>
        <translation>Average score</translation>
    </message>
    <message>
        <source>关闭原因</source>
        <translation>Reason closed</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>检查计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>应完成日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>任务分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>任务结束</source>
        <translation>Task ended</translation>
    </message>
    <message>
        <source>公示期限</source>
        <translation>Publication deadline</translation>
    </message>
    <message>
        <source>公示日期</source>
        <translation>Published on</translation>
    </message>
    <message>
        <source>公示状态</source>
        <translation>Publication status</translation>
    </message>
    <message>
        <source>处罚决定书文号</source>
        <translation>Penalty decision no.</translation>
    </message>
    <message>
        <source>决定日期</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>登记今日已公示</source>
        <translation>Mark published today</translation>
    </message>
    <message>
        <source>把所选结果或处罚决定登记为今天已公示</source>
        <translation>Record the selected results or penalty decisions as published today</translation>
    </message>
    <message>
        <source>按任务分类</source>
        <translation>By category</translation>
    </message>
    <message>
        <source>按科室</source>
        <translation>By team</translation>
    </message>
    <message>
        <source>关闭任务及原因</source>
        <translation>Closed tasks and reasons</translation>
    </message>
    <message>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>结果公示期限</source>
        <translation>Results publication</translation>
    </message>
    <message>
        <source>处罚公示期限</source>
        <translation>Penalty publication</translation>
    </message>
    <message>
        <source>导出进度 xlsx…</source>
        <translation>Export progress xlsx…</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>统计日期 %1</source>
        <translation>As of %1</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>待公示</source>
        <translation>To publish</translation>
    </message>
    <message>
        <source>按时公示</source>
        <translation>Published on time</translation>
    </message>
    <message>
        <source>逾期公示</source>
        <translation>Published late</translation>
    </message>
    <message>
        <source>（估算）</source>
        <translation>(estimated)</translation>
    </message>
    <message>
        <source>请先在“结果公示期限”或“处罚公示期限”中选择要登记的行</source>
        <translation>First select the rows to record under “Results publication” or “Penalty publication”</translation>
    </message>
    <message numerus="yes">
        <source>已登记 %n 项公示</source>
        <translation>
            <numerusform>%n publication recorded</numerusform>
            <numerusform>%n publications recorded</numerusform>
        </translation>
    </message>
    <message>
        <source>导出进度</source>
        <translation>Export progress</translation>
    </message>
</context>
<context>
    <name>RecordingDialog</name>
    <message>
        <source>添加执法记录仪视频</source>
        <translation>Add body-camera video</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Caption</translation>
    </message>
</context>
<context>
    <name>RecordingPanel</name>
    <message>
        <source>添加执法记录仪视频…</source>
        <translation>Add body-camera video…</translation>
    </message>
    <message>
        <source>执法记录仪视频：导入后随检查同步，可断点续传</source>
        <translation>Body-camera videos: synced with the inspection, resumed after a cut</translation>
    </message>
    <message>
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>修改所选录像的时间范围和记录仪编号（检查完成后不能修改）</source>
        <translation>Change the chosen recording&apos;s time range and camera number (not once the inspection is completed)</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>删除所选录像及其尚未上传的文件（检查完成后不能删除）</source>
        <translation>Delete the chosen recording and its file not yet uploaded (not once the inspection is completed)</translation>
    </message>
    <message>
        <source>选择执法记录仪视频</source>
        <translation>Choose a body-camera video</translation>
    </message>
    <message>
        <source>删除执法记录仪视频</source>
        <translation>Delete a body-camera video</translation>
    </message>
    <message>
        <source>删除录像 %1？尚未上传的文件将一并删除。</source>
        <translation>Delete the recording %1? Its file, if not yet uploaded, is deleted too.</translation>
    </message>
    <message>
        <source>正在导入 %1 / %2 MB</source>
        <translation>Importing %1 / %2 MB</translation>
    </message>
    <message>
        <source>已添加执法记录仪视频：%1</source>
        <translation>Body-camera video added: %1</translation>
    </message>
    <message>
        <source>已修改执法记录仪视频：%1</source>
        <translation>Body-camera video changed: %1</translation>
    </message>
    <message>
        <source>已删除执法记录仪视频：%1</source>
        <translation>Body-camera video deleted: %1</translation>
    </message>
</context>
<context>
    <name>RecusalDialog</name>
    <message>
        <source>回避声明</source>
        <translation>Conflicts of interest</translation>
    </message>
    <message>
        <source>名称、地址或统一社会信用代码</source>
        <translation>Name, address or unified social credit code</translation>
    </message>
    <message>
        <source>如：近亲属在该单位任职</source>
        <translation>e.g. a close relative works there</translation>
    </message>
    <message>
        <source>监督员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>回避原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>已声明的回避</source>
        <translation>Declared conflicts</translation>
    </message>
    <message>
        <source>请先搜索并选择检查对象</source>
        <translation>Search for and select the target first</translation>
    </message>
    <message>
        <source>已记录回避声明；此后的抽取不会把该监督员派往该对象</source>
        <translation>Conflict recorded; later draws will not send this inspector to this target</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <source>线索移送与协查</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <source>线索移送函</source>
        <translation>Lead referral</translation>
    </message>
    <message>
        <source>协查函</source>
        <translation>Request for assistance</translation>
    </message>
    <message>
        <source>案件移送书</source>
        <translation>Case transfer</translation>
    </message>
    <message>
        <source>发出</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>收到</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>例如：长卫移〔2026〕3号</source>
        <translation>e.g. 长卫移〔2026〕3号</translation>
    </message>
    <message>
        <source>答复期限</source>
        <translation>Answer due</translation>
    </message>
    <message>
        <source>事由</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>所涉检查对象（可选）：名称、地址或统一社会信用代码</source>
        <translation>Target concerned (optional): name, address or unified credit code</translation>
    </message>
    <message>
        <source>登记函件</source>
        <translation>Record letter</translation>
    </message>
    <message>
        <source>答复或办理结果</source>
        <translation>Answer or outcome</translation>
    </message>
    <message>
        <source>登记今日答复</source>
        <translation>Answered today</translation>
    </message>
    <message>
        <source>由来函立项</source>
        <translation>Open a task from the letter</translation>
    </message>
    <message>
        <source>按投诉举报的方式对来函所涉对象生成核查任务（本科室已备案的投诉举报计划下），答复期限即任务期限</source>
        <translation>Opens a task on the letter&apos;s target as for a complaint (under the team&apos;s filed complaint plan); the answer due day is the task&apos;s due day</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>对方部门</source>
        <translation>Other department</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>函件（逾期未答复的在前）</source>
        <translation>Letters (overdue first)</translation>
    </message>
    <message>
        <source>发往</source>
        <translation>to </translation>
    </message>
    <message>
        <source>来自</source>
        <translation>from </translation>
    </message>
    <message>
        <source>待答复</source>
        <translation>awaiting answer</translation>
    </message>
    <message>
        <source>已按时答复</source>
        <translation>answered on time</translation>
    </message>
    <message>
        <source>逾期答复</source>
        <translation>answered late</translation>
    </message>
    <message>
        <source>逾期未答复</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>限 %1 前答复</source>
        <translation>answer by %1</translation>
    </message>
    <message>
        <source>已登记 %1</source>
        <translation>Recorded %1</translation>
    </message>
    <message>
        <source>已登记答复 %1</source>
        <translation>Answer recorded for %1</translation>
    </message>
    <message>
        <source>已由来函立项：投诉举报核查任务，限 %1 前完成，请在任务看板分派</source>
        <translation>Task opened from the letter: a complaint task, due by %1; assign it on the board</translation>
    </message>
</context>
<context>
    <name>ResultValue</name>
    <message>
        <source>符合</source>
        <translation>Compliant</translation>
    </message>
    <message>
        <source>不符合</source>
        <translation>Non-compliant</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
</context>
<context>
    <name>SamplingDialog</name>
    <message>
        <source>双随机抽取</source>
        <translation>Random draw</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>对象库</source>
        <translation>Target pool</translation>
    </message>
    <message>
        <source>抽查比例</source>
        <translation>Sampling ratio</translation>
    </message>
    <message>
        <source>未纳入（无事不扰、频次限制）</source>
        <translation>Left out (do not disturb, visit limits)</translation>
    </message>
    <message>
        <source>预计抽取</source>
        <translation>Expected draw</translation>
    </message>
    <message>
        <source>排除无事不扰对象</source>
        <translation>Exclude do-not-disturb targets</translation>
    </message>
    <message>
        <source>纳入有投诉举报的对象</source>
        <translation>Include targets with complaints</translation>
    </message>
    <message>
        <source>换一个</source>
        <translation>Redraw one</translation>
    </message>
    <message>
        <source>检查计划</source>
        <translation>Inspection plan</translation>
    </message>
    <message>
        <source>随机种子</source>
        <translation>Random seed</translation>
    </message>
    <message>
        <source>每项任务监督员</source>
        <translation>Inspectors per task</translation>
    </message>
    <message>
        <source>抽取</source>
        <translation>Draw</translation>
    </message>
    <message>
        <source>取消抽取</source>
        <translation>Cancel the draw</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>纳入方式</source>
        <translation>How included</translation>
    </message>
    <message>
        <source>监督员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <source>未纳入的对象</source>
        <translation>Left-out target</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>接受并创建任务</source>
        <translation>Accept and create tasks</translation>
    </message>
    <message>
        <source>导出公示表…</source>
        <translation>Export the publication sheet…</translation>
    </message>
    <message>
        <source>验证抽取</source>
        <translation>Verify draw</translation>
    </message>
    <message>
        <source>用记录的随机种子和输入重新抽取，核对结果是否一致</source>
        <translation>Re-run the draw from the recorded seed and inputs and check the result is the same</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>（未备案）</source>
        <translation>(not filed)</translation>
    </message>
    <message>
        <source>本科室还没有检查计划；请点“新建计划…”</source>
        <translation>Your team has no inspection plans yet; click “New plan…”</translation>
    </message>
    <message>
        <source>任务分类：%1</source>
        <translation>Task category: %1</translation>
    </message>
    <message>
        <source>抽查比例由负责人调整，理由：%1</source>
        <translation>Sampling ratios changed by a lead; reason: %1</translation>
    </message>
    <message>
        <source>抽查比例按等级默认（信用+风险分级）；如需调整，请在计划备案前于“按等级的抽查比例…”中说明理由</source>
        <translation>Sampling ratios as the grades set them (credit and risk grading); to change them, give a reason under &apos;Sampling ratios by grade…&apos; before the plan is filed</translation>
    </message>
    <message>
        <source>随机种子应为 0 至 2^63−1 之间的整数 / the seed must be a whole number from 0 to 2^63−1</source>
        <translation>随机种子应为 0 至 2^63−1 之间的整数 / the seed must be a whole number from 0 to 2^63−1</translation>
    </message>
    <message>
        <source>种子 %1；对象库 %2 户，排除无事不扰 %3 户，抽中 %4 户；输入摘要 %5</source>
        <translation>Seed %1; pool %2 targets, %3 do-not-disturb excluded, %4 drawn; input digest %5</translation>
    </message>
    <message numerus="yes">
        <source>最近一次抽取记录未纳入 %n 户：</source>
        <translation>
            <numerusform>The latest recorded draw left out %n target:</numerusform>
            <numerusform>The latest recorded draw left out %n targets:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>本次抽取未纳入 %n 户（无事不扰、年度检查上限、重复检查间隔）：</source>
        <translation>
            <numerusform>This draw leaves out %n target (do not disturb, yearly cap, repeat-visit interval):</numerusform>
            <numerusform>This draw leaves out %n targets (do not disturb, yearly cap, repeat-visit interval):</numerusform>
        </translation>
    </message>
    <message>
        <source>列出前 %1 户，全部记录在抽取记录中</source>
        <translation>the first %1 listed; all are in the draw&apos;s record</translation>
    </message>
    <message numerus="yes">
        <source>已创建 %n 项任务；抽取记录已保存，可验证、可导出公示</source>
        <translation>
            <numerusform>%n task created; the draw is recorded and can be verified and exported for publication</numerusform>
            <numerusform>%n tasks created; the draw is recorded and can be verified and exported for publication</numerusform>
        </translation>
    </message>
    <message>
        <source>验证通过：按记录的种子重新抽取，结果完全一致</source>
        <translation>Verified: re-running from the recorded seed gives exactly the same result</translation>
    </message>
    <message>
        <source>验证未通过，结果不一致：</source>
        <translation>Verification failed, the results differ: </translation>
    </message>
    <message>
        <source>导出公示表</source>
        <translation>Export the publication sheet</translation>
    </message>
    <message numerus="yes">
        <source>因年度检查上限或重复检查间隔未纳入对象库 %n 户：</source>
        <translation>
            <numerusform>%n target left out of the pool by the yearly visit cap or the repeat-visit interval:</numerusform>
            <numerusform>%n targets left out of the pool by the yearly visit cap or the repeat-visit interval:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>另有 %n 户</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>使用计划备案的种子（哈希 %1…），不能更换</source>
        <translation>Uses the seed filed with the plan (hash %1…); it cannot be changed</translation>
    </message>
    <message>
        <source>计划的种子哈希已在另一台电脑备案（%1…）：请输入该种子，不符的抽取会被拒绝</source>
        <translation>The plan&apos;s seed hash was filed on another laptop (%1…): type that seed; a draw that does not match is refused</translation>
    </message>
    <message>
        <source>本计划未备案种子哈希；可在计划页“备案抽取种子…”中于抽取前备案</source>
        <translation>No seed hash filed for this plan; file one before the draw with &quot;File the draw&apos;s seed…&quot; on the plans page</translation>
    </message>
</context>
<context>
    <name>SeedDialog</name>
    <message>
        <source>备案抽取种子</source>
        <translation>File the draw&apos;s seed</translation>
    </message>
    <message>
        <source>抽取前，本机生成随机种子并只备案它的 SHA-256 哈希；种子保存在本机，抽取时自动使用并随抽取结果公布。备案后不能更换，服务器拒绝与哈希不符的抽取，任何人都能用公布的种子核对。</source>
        <translation>Before the draw, this laptop makes a random seed and files only its SHA-256 hash; the seed stays on this laptop, is used by the draw and published with its result. Once filed it cannot be replaced: the server refuses a draw that does not match the hash, and anyone can check the published seed against it.</translation>
    </message>
    <message>
        <source>尚未备案</source>
        <translation>Not filed yet</translation>
    </message>
    <message>
        <source>生成种子并备案哈希</source>
        <translation>Make a seed and file its hash</translation>
    </message>
    <message>
        <source>备案的种子哈希（SHA-256）</source>
        <translation>Filed seed hash (SHA-256)</translation>
    </message>
    <message>
        <source>检查计划：%1 %2</source>
        <translation>Plan: %1 %2</translation>
    </message>
    <message>
        <source>已备案；种子保存在本机，双随机抽取时自动使用。</source>
        <translation>Filed; the seed is kept on this laptop and used by the random draw.</translation>
    </message>
    <message>
        <source>已在另一台电脑备案；抽取时须输入该电脑保存的种子，与哈希不符的抽取会被拒绝。</source>
        <translation>Filed on another laptop; the draw needs the seed kept there, and a draw not matching the hash is refused.</translation>
    </message>
    <message>
        <source>该计划已经抽取过，不能再备案种子的哈希。</source>
        <translation>The plan was drawn already: a seed hash can no longer be filed.</translation>
    </message>
    <message>
        <source>尚未备案。备案后，下次同步即送达服务器；请在抽取前同步。</source>
        <translation>Not filed yet. Once filed, the next sync takes it to the server; sync before the draw.</translation>
    </message>
</context>
<context>
    <name>SelectionReason</name>
    <message>
        <source>随机抽取</source>
        <translation>Drawn at random</translation>
    </message>
    <message>
        <source>投诉举报纳入</source>
        <translation>Included for a complaint</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>现场签名</source>
        <translation>Signatures on site</translation>
    </message>
    <message>
        <source>被检查单位负责人（或委托代表）姓名</source>
        <translation>Name of the inspected party&apos;s representative</translation>
    </message>
    <message>
        <source>撤销一笔 (Ctrl+Z)</source>
        <translation>Undo stroke (Ctrl+Z)</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>确认签名 (Ctrl+Enter)</source>
        <translation>Confirm signature (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>第 %1 位，共 %2 位</source>
        <translation>signer %1 of %2</translation>
    </message>
    <message>
        <source>请监督员 %1（执法证号 %2）签名</source>
        <translation>Inspector %1 (certificate no. %2), please sign</translation>
    </message>
    <message>
        <source>未登记</source>
        <translation>not registered</translation>
    </message>
    <message>
        <source>请被检查单位负责人签名</source>
        <translation>The inspected party&apos;s representative, please sign</translation>
    </message>
    <message>
        <source>已签过，可重签</source>
        <translation>already signed; signing again replaces it</translation>
    </message>
    <message>
        <source>签名为空，请先签名 / the signature is empty; please sign first</source>
        <translation>The signature is empty; please sign first</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>请在此处签名</source>
        <translation>Sign here</translation>
    </message>
</context>
<context>
    <name>SyncBadge</name>
    <message>
        <source>仅在本机：下次同步时发送</source>
        <translation>Only on this computer: sent at the next sync</translation>
    </message>
    <message>
        <source>发送中：服务器尚未收到全部照片文件</source>
        <translation>Sending: the server does not have the whole photo file yet</translation>
    </message>
    <message>
        <source>被服务器拒绝，不再自动发送：原因见“同步冲突”页</source>
        <translation>Refused by the server, not sent again on its own: the reason is on the Sync conflicts page</translation>
    </message>
    <message>
        <source>同步冲突：两个值都已保留，请在“同步冲突”页选择</source>
        <translation>Sync conflict: both values are kept; choose one on the Sync conflicts page</translation>
    </message>
    <message>
        <source>照片尚未送达服务器（拍摄的设备还在发送）</source>
        <translation>Photo not yet received by the server (the device that took it is still sending)</translation>
    </message>
    <message>
        <source>{n} 项被服务器拒绝（见“同步冲突”页）</source>
        <translation>Refused by the server: {n} (see the Sync conflicts page)</translation>
    </message>
    <message>
        <source>{n} 项同步冲突待选择</source>
        <translation>Sync conflicts to choose: {n}</translation>
    </message>
    <message>
        <source>还有 {n} 个文件（照片、签名或视频）待发送</source>
        <translation>Files (photos, signatures or videos) still to send: {n}</translation>
    </message>
    <message>
        <source>{n} 个照片或视频文件尚未送达服务器</source>
        <translation>Photos or videos not yet received by the server: {n}</translation>
    </message>
    <message>
        <source>还有 {n} 条记录待发送</source>
        <translation>Records still to send: {n}</translation>
    </message>
    <message>
        <source>服务器已全部收到</source>
        <translation>All received by the server</translation>
    </message>
    <message>
        <source>已发送：服务器已收到记录（其文件尚待服务器核验）</source>
        <translation>Sent: the server has the record (its file is not yet checked by the server)</translation>
    </message>
    <message>
        <source>服务器已收到并核验文件（哈希一致）</source>
        <translation>Received and checked by the server (the file&apos;s hash matches)</translation>
    </message>
    <message>
        <source>{n} 个文件已发送，等待服务器核验</source>
        <translation>{n} files sent, awaiting the server&apos;s check</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>与服务器同步 (F5)</source>
        <translation>Sync with the server (F5)</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>同步中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>出错</source>
        <translation>Error</translation>
    </message>
    <message numerus="yes">
        <source>待同步修改 %n 条</source>
        <translation>
            <numerusform>%n change to send</numerusform>
            <numerusform>%n changes to send</numerusform>
        </translation>
    </message>
    <message>
        <source>照片待传 %1</source>
        <translation>Photos to upload: %1</translation>
    </message>
    <message>
        <source>上次同步 %1</source>
        <translation>Last sync %1</translation>
    </message>
</context>
<context>
    <name>TargetProfileView</name>
    <message>
        <source>%1 分</source>
        <translation>%1 points</translation>
    </message>
    <message>
        <source>信用风险分级：%1 级（%2 分，分级配置 %3）</source>
        <translation>Credit and risk grade: %1 (%2 points, configuration %3)</translation>
    </message>
    <message>
        <source>分级历史（%1）</source>
        <translation>Grade history (%1)</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>尚无分级记录</source>
        <translation>Not graded yet</translation>
    </message>
    <message>
        <source>已列入无事不扰清单：除投诉举报、复查和负责人说明理由的任务外，不安排日常现场检查。</source>
        <translation>On the do-not-disturb list: no routine site visits, except complaints, follow-ups and tasks a lead triggers with a reason.</translation>
    </message>
    <message>
        <source>理由：%1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>评定于 %1</source>
        <translation>Graded on %1</translation>
    </message>
    <message>
        <source>配置 %1</source>
        <translation>configuration %1</translation>
    </message>
    <message>
        <source>选择左侧列表中的检查对象
即可查看它的画像</source>
        <translation>Select a target in the list
to see its profile</translation>
    </message>
    <message>
        <source>检查频次与无事不扰…</source>
        <translation>Visit limits and do-not-disturb…</translation>
    </message>
    <message>
        <source>登记分级信号…</source>
        <translation>File a grading signal…</translation>
    </message>
    <message>
        <source>如查实的投诉举报、已完成的信用修复；由服务器重新分级</source>
        <translation>e.g. a complaint found true, a completed credit repair; the server re-grades</translation>
    </message>
    <message>
        <source>%1 级</source>
        <translation>Grade %1</translation>
    </message>
    <message>
        <source>无事不扰</source>
        <translation>Do not disturb</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>许可证</source>
        <translation>Licences</translation>
    </message>
    <message>
        <source>没有许可证记录</source>
        <translation>No licences on record</translation>
    </message>
    <message>
        <source>信用风险分级：%1 级</source>
        <translation>Credit and risk grade: %1</translation>
    </message>
    <message>
        <source>没有记录分级依据</source>
        <translation>No grading reasons on record</translation>
    </message>
    <message>
        <source>检查历史（%1）</source>
        <translation>Inspection history (%1)</translation>
    </message>
    <message>
        <source>尚无检查记录</source>
        <translation>No inspections yet</translation>
    </message>
    <message>
        <source>显示全部 %1 次检查</source>
        <translation>Show all %1 inspections</translation>
    </message>
    <message>
        <source>未完成的责令改正（%1）</source>
        <translation>Open correction orders (%1)</translation>
    </message>
    <message>
        <source>没有未完成的责令改正</source>
        <translation>No open correction orders</translation>
    </message>
    <message>
        <source>改正期限 %1</source>
        <translation>Deadline %1</translation>
    </message>
    <message>
        <source>投诉举报（%1）</source>
        <translation>Complaints (%1)</translation>
    </message>
    <message>
        <source>没有投诉举报记录</source>
        <translation>No complaints</translation>
    </message>
    <message>
        <source>待处理</source>
        <translation>open</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>行政处罚（%1）</source>
        <translation>Penalties (%1)</translation>
    </message>
    <message>
        <source>没有行政处罚记录</source>
        <translation>No penalties</translation>
    </message>
    <message>
        <source>已公示 %1</source>
        <translation>published %1</translation>
    </message>
    <message>
        <source>未公示</source>
        <translation>not published</translation>
    </message>
    <message>
        <source>任务（%1）</source>
        <translation>Tasks (%1)</translation>
    </message>
    <message>
        <source>没有任务</source>
        <translation>No tasks</translation>
    </message>
    <message>
        <source>计划 %1</source>
        <translation>scheduled %1</translation>
    </message>
    <message>
        <source>截止 %1</source>
        <translation>due %1</translation>
    </message>
    <message>
        <source>关闭原因：%1</source>
        <translation>Closed: %1</translation>
    </message>
    <message>
        <source>，%1 答复</source>
        <translation>, replied %1</translation>
    </message>
    <message>
        <source>逾期未答复（答复期限 %1）</source>
        <translation>Reply overdue (due %1)</translation>
    </message>
    <message>
        <source>，%1 前答复</source>
        <translation>, reply due by %1</translation>
    </message>
    <message>
        <source>已于 %1 过期</source>
        <translation>expired on %1</translation>
    </message>
    <message>
        <source>有效期至 %1（%2 天后到期）</source>
        <translation>valid until %1 (expires in %2 days)</translation>
    </message>
    <message>
        <source>有效期至 %1</source>
        <translation>valid until %1</translation>
    </message>
</context>
<context>
    <name>TargetTable</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>分级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>无事不扰</source>
        <translation>Do not disturb</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
</context>
<context>
    <name>TaskCard</name>
    <message>
        <source>码 %1</source>
        <translation>Code %1</translation>
    </message>
    <message>
        <source>联合检查</source>
        <translation>Joint inspection</translation>
    </message>
</context>
<context>
    <name>TaskCategory</name>
    <message>
        <source>国家双随机抽查</source>
        <translation>National random inspection</translation>
    </message>
    <message>
        <source>区级双随机抽查</source>
        <translation>District random inspection</translation>
    </message>
    <message>
        <source>部门联合双随机</source>
        <translation>Joint random inspection</translation>
    </message>
    <message>
        <source>跨部门综合监管</source>
        <translation>Cross-department supervision</translation>
    </message>
    <message>
        <source>专项检查</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <source>投诉举报</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>复查</source>
        <translation>Follow-up</translation>
    </message>
</context>
<context>
    <name>TaskChecklistsDialog</name>
    <message>
        <source>任务的检查表</source>
        <translation>The task&apos;s checklists</translation>
    </message>
    <message>
        <source>%1：勾选本任务要检查的检查表（申码后不能再改）</source>
        <translation>%1: tick the checklists this task inspects (fixed once a code is requested)</translation>
    </message>
</context>
<context>
    <name>TaskStatus</name>
    <message>
        <source>待检查</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>已申码</source>
        <translation>Code requested</translation>
    </message>
    <message>
        <source>检查中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>共 %1 次检查</source>
        <translation>%1 visits</translation>
    </message>
    <message>
        <source>计划日期</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>检查对象与任务</source>
        <translation>Target and tasks</translation>
    </message>
    <message>
        <source>检查码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>今天没有待检查的任务。
新任务由科室负责人分派，联网同步后显示在这里。</source>
        <translation>No inspections to do today.
New tasks are assigned by your team lead and appear here after a sync.</translation>
    </message>
    <message>
        <source>正在载入今日任务…</source>
        <translation>Loading today&apos;s visits…</translation>
    </message>
    <message>
        <source>申请检查码 (Ctrl+R)</source>
        <translation>Request code (Ctrl+R)</translation>
    </message>
    <message>
        <source>亮码 (Ctrl+L)</source>
        <translation>Show code (Ctrl+L)</translation>
    </message>
    <message>
        <source>（检查对象未同步）</source>
        <translation>(target not synced)</translation>
    </message>
    <message>
        <source>联合检查（%1 项任务）</source>
        <translation>Joint inspection (%1 tasks)</translation>
    </message>
    <message>
        <source>检查表：%1</source>
        <translation>Checklists: %1</translation>
    </message>
    <message>
        <source>未排期</source>
        <translation>Not scheduled</translation>
    </message>
    <message>
        <source>未申码</source>
        <translation>No code</translation>
    </message>
    <message>
        <source>已申请</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>未生效</source>
        <translation>Not yet valid</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>无效</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <source>出发前申请检查码（需联网）</source>
        <translation>Request the code before going (needs the network)</translation>
    </message>
    <message>
        <source>已申请检查码，联网同步后即可检查</source>
        <translation>Code requested; sync when online to receive it</translation>
    </message>
    <message>
        <source>继续检查（按 Enter）</source>
        <translation>Continue the inspection (Enter)</translation>
    </message>
    <message>
        <source>到场后亮码，再开始检查（按 Enter）</source>
        <translation>On site, show the code, then start the inspection (Enter)</translation>
    </message>
    <message>
        <source>继续检查 (Enter)</source>
        <translation>Continue inspection (Enter)</translation>
    </message>
    <message>
        <source>开始检查 (Enter)</source>
        <translation>Start inspection (Enter)</translation>
    </message>
    <message>
        <source>已提交检查码申请（%1 项任务），联网时发送</source>
        <translation>Code requested (%1 tasks); sent when online</translation>
    </message>
    <message>
        <source>该任务还没有检查码，请先申请</source>
        <translation>This task has no code yet; request one first</translation>
    </message>
</context>
<context>
    <name>VisitDecisionDialog</name>
    <message>
        <source>检查频次与无事不扰</source>
        <translation>Visit limits and do-not-disturb</translation>
    </message>
    <message>
        <source>无事不扰（负责人决定）</source>
        <translation>Do not disturb (a lead’s decision)</translation>
    </message>
    <message>
        <source>如：企业停业装修至年底</source>
        <translation>e.g. closed for renovation until the end of the year</translation>
    </message>
    <message>
        <source>不设截止日期</source>
        <translation>No end date</translation>
    </message>
    <message>
        <source>列入无事不扰</source>
        <translation>Put on the do-not-disturb list</translation>
    </message>
    <message>
        <source>移出无事不扰</source>
        <translation>Take off the do-not-disturb list</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>截止日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>越过年度上限或重复检查间隔</source>
        <translation>Pass the yearly cap or the repeat-visit interval</translation>
    </message>
    <message>
        <source>如：专项整治需要再次检查</source>
        <translation>e.g. a special campaign needs another visit</translation>
    </message>
    <message>
        <source>记录理由</source>
        <translation>Record the reason</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>规则</source>
        <translation>by rule</translation>
    </message>
    <message>
        <source>负责人决定</source>
        <translation>by a lead’s decision</translation>
    </message>
    <message>
        <source>%1（%2 级）在无事不扰清单内（%3）：%4；截止 %5</source>
        <translation>%1 (grade %2) is on the do-not-disturb list (%3): %4; until %5</translation>
    </message>
    <message>
        <source>%1（%2 级）不在无事不扰清单内</source>
        <translation>%1 (grade %2) is not on the do-not-disturb list</translation>
    </message>
    <message>
        <source>该对象没有未完成的任务</source>
        <translation>The target has no open task</translation>
    </message>
    <message>
        <source>已记录：%1 列入无事不扰</source>
        <translation>Recorded: %1 is on the do-not-disturb list</translation>
    </message>
    <message>
        <source>已记录：%1 移出无事不扰</source>
        <translation>Recorded: %1 is off the do-not-disturb list</translation>
    </message>
    <message>
        <source>已记录越过检查频次限制的理由：%1</source>
        <translation>Reason for passing the visit limits recorded: %1</translation>
    </message>
</context>
<context>
    <name>_RangeDialog</name>
    <message>
        <source>记录仪编号（可选）</source>
        <translation>Camera number (optional)</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>结束时间</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>记录仪</source>
        <translation>Camera</translation>
    </message>
</context>
</TS>
